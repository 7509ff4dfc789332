"""Participation of agencies and the municipality (domain): review requests, statements, deemed consent.

Runs in the caller's transaction and never commits. The service tasks of the procedures and the use cases
in `permits.services` call it; it depends only on the kernel and the models.
"""
