"""Workbook reading and writing: Excel tables in, report sheets out. No Excel needed."""
