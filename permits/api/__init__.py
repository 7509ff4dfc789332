"""JSON API edge."""
