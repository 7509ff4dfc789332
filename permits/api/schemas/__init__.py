"""marshmallow schemas of the public API (field names English, messages German)."""
