"""The only module that imports SpiffWorkflow."""
