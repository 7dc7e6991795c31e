"""Reports computed from a validated workbook: slow movers, purchase plan, KPIs, cycle counts."""
