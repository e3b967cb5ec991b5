"""Helpers for the site checks: serve a built site, crawl it, validate it, drive Chromium."""
