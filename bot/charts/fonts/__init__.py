"""Bundled fonts for the charts: subsets of DejaVu Sans (see ``LICENSE.txt`` here)."""
