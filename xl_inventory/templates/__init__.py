"""Workbook templates with their own ribbon and VBA project, built from ``vba_shim/``."""
