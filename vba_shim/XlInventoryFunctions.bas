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

Sub RegisterFunctionHelp()
    ' Category and argument help of the functions: called by every ribbon button.
    On Error Resume Next  ' a protected workbook keeps the help it has
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!ABCCLASS", _
        Category:="xl-inventory", Description:="ABC class (A, B or C) of each SKU by its share of total sales value, in input order.", _
        ArgumentDescriptions:=Array("Sales value per SKU (a column or a row).", _
            "Share of total value the A items make up (default 0.7).", _
            "Cumulative share up to which items are B (default 0.9); the rest are C.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!DAYSOFCOVER", _
        Category:="xl-inventory", Description:="Days of cover: (on hand + on order) / daily demand, the days until stock runs out.", _
        ArgumentDescriptions:=Array("Units in stock, one per SKU.", _
            "Expected units sold per day per SKU, or a row of daily sales per SKU (averaged).", _
            "Units ordered, not yet received; blank or omitted is 0.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!DEMANDCLASS", _
        Category:="xl-inventory", Description:="Demand class per SKU: smooth, erratic, intermittent, lumpy, new or none.", _
        ArgumentDescriptions:=Array("Demand per period: one row or column for one SKU, or one SKU per row, oldest first.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!DIO", _
        Category:="xl-inventory", Description:="Days of inventory: period days / turnover, how many days the average stock lasts.", _
        ArgumentDescriptions:=Array("Cost of goods sold in the period, one per SKU (a column) or a single cell.", _
            "Inventory value at cost, laid out as for TURNOVER.", _
            "Days in the period the cogs cover: 365 for a year (default), 30 for a month.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!EOQ", _
        Category:="xl-inventory", Description:="Economic order quantity in units: sqrt(2 x annual demand x order cost / holding cost).", _
        ArgumentDescriptions:=Array("Units sold per year.", _
            "Fixed cost of placing one order.", _
            "Purchase cost of one unit.", _
            "Holding cost per year as a share of stock value (default 0.25).")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!FORECASTDEMAND", _
        Category:="xl-inventory", Description:="Forecast total demand over the next horizon periods per SKU (intermittent-aware).", _
        ArgumentDescriptions:=Array("Demand per period: one row or column for one SKU, or one SKU per row, oldest first.", _
            "Periods ahead to sum, one for all SKUs or one per SKU (10.5 counts half the 11th).", _
            """auto"" (default), or ""ma"", ""ses"", ""holt"", ""seasonal"", ""croston"", ""sba"", ""tsb"", ""adida"".", _
            "Periods per season for the seasonal method: 7 (default) for weekdays.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!HOLDINGCOST", _
        Category:="xl-inventory", Description:="Holding cost of stock: value x annual rate x days / 365 (storage, handling, interest).", _
        ArgumentDescriptions:=Array("Value of the stock at cost.", _
            "Days it is held.", _
            "Holding cost per year as a share of stock value (default 0.25).")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!REORDERPOINT", _
        Category:="xl-inventory", Description:="Reorder point in units: daily demand x lead time + safety stock.", _
        ArgumentDescriptions:=Array("Expected units sold per day per SKU, or a row of daily sales per SKU (averaged).", _
            "Purchase lead time in days, one per SKU.", _
            "Units of safety stock; blank or omitted is 0.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!REORDERQTY", _
        Category:="xl-inventory", Description:="Suggested order in units: forecast + safety stock - stock, in whole packs, at least MOQ.", _
        ArgumentDescriptions:=Array("Forecast units sold over the cover period (lead time + review period).", _
            "Units of safety stock.", _
            "Units in stock.", _
            "Units ordered, not yet received; blank or omitted is 0.", _
            "Minimum order quantity in units; blank or omitted is 0.", _
            "Units per case, orders are whole cases; blank or omitted is 1.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!SAFETYSTOCK", _
        Category:="xl-inventory", Description:="Safety stock in units, by the peak rule (default) or the normal service-level rule.", _
        ArgumentDescriptions:=Array("Units sold per day: one row or column for one SKU, or one SKU per row.", _
            "Lead time in days, one per SKU; or several observed lead times per SKU.", _
            "Chance of no stock-out in a lead time, for method ""normal"" (default 0.95).", _
            """peak"": (peak - average daily sales) x lead time (default); ""normal"": z x sigma.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!SELLTHROUGH", _
        Category:="xl-inventory", Description:="Sell-through rate: units sold / (opening stock + units received), as a share.", _
        ArgumentDescriptions:=Array("Units sold in the window (net of returns), one per SKU.", _
            "Units received in the window, one per SKU.", _
            "Units on hand when the window opened; blank or omitted is 0.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!SLOWRATIO", _
        Category:="xl-inventory", Description:="Slow-moving ratio: stock value with no sale in slow_days / total stock value.", _
        ArgumentDescriptions:=Array("Stock value at cost per SKU; a blank counts as no stock.", _
            "Days since each SKU last sold; a blank means it never sold (slow).", _
            "A SKU is slow with no sale for this many days (default 90).")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!TURNOVER", _
        Category:="xl-inventory", Description:="Inventory turnover: cost of goods sold / average inventory value (turns per period).", _
        ArgumentDescriptions:=Array("Cost of goods sold in the period, one per SKU (a column) or a single cell.", _
            "Inventory value at cost: one balance per SKU, or several per SKU across a row (averaged). With a single cogs, the whole range is averaged.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!XYZCLASS", _
        Category:="xl-inventory", Description:="XYZ class (X, Y or Z) of each SKU by the variability (CV) of its demand.", _
        ArgumentDescriptions:=Array("Demand per period: one row or column for one SKU, or one SKU per row, oldest first.", _
            "Coefficient of variation up to which a SKU is X (default 0.5).", _
            "Coefficient of variation up to which a SKU is Y (default 1.0); above it Z.")
End Sub
