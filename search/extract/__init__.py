"""Extraction of clean body, publisher, agencies, date and actors from raw news text."""
