Attribute VB_Name = "XlInventoryFunctions"
' Generated from xl_inventory/udfs.py by xl-inventory build-templates: do not edit.
Option Explicit

Function ABCCLASS(values, Optional a_share, Optional b_share)
Attribute ABCCLASS.VB_Description = "ABC class (A, B or C) of each SKU by its share of total sales value, in input order."
Attribute ABCCLASS.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    ABCCLASS = XLPy.CallUDF("xl_inventory.udfs", "ABCCLASS", Array(values, a_share, b_share), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    ABCCLASS = Err.Description
End Function

Function DAYSOFCOVER(on_hand, daily_demand, Optional on_order)
Attribute DAYSOFCOVER.VB_Description = "Days of cover: (on hand + on order) / daily demand, the days until stock runs out."
Attribute DAYSOFCOVER.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    DAYSOFCOVER = XLPy.CallUDF("xl_inventory.udfs", "DAYSOFCOVER", Array(on_hand, daily_demand, on_order), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    DAYSOFCOVER = Err.Description
End Function

Function DEMANDCLASS(history)
Attribute DEMANDCLASS.VB_Description = "Demand class per SKU: smooth, erratic, intermittent, lumpy, new or none."
Attribute DEMANDCLASS.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    DEMANDCLASS = XLPy.CallUDF("xl_inventory.udfs", "DEMANDCLASS", Array(history), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    DEMANDCLASS = Err.Description
End Function

Function DIO(cogs, inventory, Optional period_days)
Attribute DIO.VB_Description = "Days of inventory: period days / turnover, how many days the average stock lasts."
Attribute DIO.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    DIO = XLPy.CallUDF("xl_inventory.udfs", "DIO", Array(cogs, inventory, period_days), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    DIO = Err.Description
End Function

Function EOQ(annual_demand, order_cost, unit_cost, Optional holding_cost_rate)
Attribute EOQ.VB_Description = "Economic order quantity in units: sqrt(2 x annual demand x order cost / holding cost)."
Attribute EOQ.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    EOQ = XLPy.CallUDF("xl_inventory.udfs", "EOQ", Array(annual_demand, order_cost, unit_cost, holding_cost_rate), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    EOQ = Err.Description
End Function

Function FORECASTDEMAND(history, horizon, Optional method, Optional season_length)
Attribute FORECASTDEMAND.VB_Description = "Forecast total demand over the next horizon periods per SKU (intermittent-aware)."
Attribute FORECASTDEMAND.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    FORECASTDEMAND = XLPy.CallUDF("xl_inventory.udfs", "FORECASTDEMAND", Array(history, horizon, method, season_length), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    FORECASTDEMAND = Err.Description
End Function

Function HOLDINGCOST(stock_value, days, Optional holding_cost_rate)
Attribute HOLDINGCOST.VB_Description = "Holding cost of stock: value x annual rate x days / 365 (storage, handling, interest)."
Attribute HOLDINGCOST.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    HOLDINGCOST = XLPy.CallUDF("xl_inventory.udfs", "HOLDINGCOST", Array(stock_value, days, holding_cost_rate), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    HOLDINGCOST = Err.Description
End Function

Function REORDERPOINT(daily_demand, lead_time, Optional safety_stock)
Attribute REORDERPOINT.VB_Description = "Reorder point in units: daily demand x lead time + safety stock."
Attribute REORDERPOINT.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    REORDERPOINT = XLPy.CallUDF("xl_inventory.udfs", "REORDERPOINT", Array(daily_demand, lead_time, safety_stock), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    REORDERPOINT = Err.Description
End Function

Function REORDERQTY(forecast, safety_stock, on_hand, Optional on_order, Optional moq, Optional pack_size)
Attribute REORDERQTY.VB_Description = "Suggested order in units: forecast + safety stock - stock, in whole packs, at least MOQ."
Attribute REORDERQTY.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    REORDERQTY = XLPy.CallUDF("xl_inventory.udfs", "REORDERQTY", Array(forecast, safety_stock, on_hand, on_order, moq, pack_size), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    REORDERQTY = Err.Description
End Function

Function SAFETYSTOCK(daily_sales, lead_time, Optional service_level, Optional method)
Attribute SAFETYSTOCK.VB_Description = "Safety stock in units, by the peak rule (default) or the normal service-level rule."
Attribute SAFETYSTOCK.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    SAFETYSTOCK = XLPy.CallUDF("xl_inventory.udfs", "SAFETYSTOCK", Array(daily_sales, lead_time, service_level, method), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    SAFETYSTOCK = Err.Description
End Function

Function SELLTHROUGH(sold, received, Optional opening_stock)
Attribute SELLTHROUGH.VB_Description = "Sell-through rate: units sold / (opening stock + units received), as a share."
Attribute SELLTHROUGH.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    SELLTHROUGH = XLPy.CallUDF("xl_inventory.udfs", "SELLTHROUGH", Array(sold, received, opening_stock), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    SELLTHROUGH = Err.Description
End Function

Function SLOWRATIO(stock_value, days_since_last_sale, Optional slow_days)
Attribute SLOWRATIO.VB_Description = "Slow-moving ratio: stock value with no sale in slow_days / total stock value."
Attribute SLOWRATIO.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    SLOWRATIO = XLPy.CallUDF("xl_inventory.udfs", "SLOWRATIO", Array(stock_value, days_since_last_sale, slow_days), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    SLOWRATIO = Err.Description
End Function

Function TURNOVER(cogs, inventory)
Attribute TURNOVER.VB_Description = "Inventory turnover: cost of goods sold / average inventory value (turns per period)."
Attribute TURNOVER.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    TURNOVER = XLPy.CallUDF("xl_inventory.udfs", "TURNOVER", Array(cogs, inventory), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    TURNOVER = Err.Description
End Function

Function XYZCLASS(history, Optional x_cv, Optional y_cv)
Attribute XYZCLASS.VB_Description = "XYZ class (X, Y or Z) of each SKU by the variability (CV) of its demand."
Attribute XYZCLASS.VB_ProcData.VB_Invoke_Func = " \n14"
    If TypeOf Application.Caller Is Range Then On Error GoTo failed
    XYZCLASS = XLPy.CallUDF("xl_inventory.udfs", "XYZCLASS", Array(history, x_cv, y_cv), ThisWorkbook, Application.Caller)
    Exit Function
failed:
    XYZCLASS = Err.Description
End Function
