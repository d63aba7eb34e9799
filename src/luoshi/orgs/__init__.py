"""Organisations, their departments and posts, and who each user is in them."""
