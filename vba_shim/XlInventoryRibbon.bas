Attribute VB_Name = "XlInventoryRibbon"
' Ribbon callbacks of the xl-inventory templates: one Sub per button, each running a fixed
' Python command through xlwings. No command is ever built from cell text. Each first gives
' Excel the functions' category and argument help (nothing runs when the workbook opens).
Option Explicit

Sub XlInventoryRefresh(control As IRibbonControl)
    RegisterFunctionHelp
    RunPython "import xl_inventory.macros as macros; macros.refresh_reports()"
End Sub

Sub XlInventoryCheck(control As IRibbonControl)
    RegisterFunctionHelp
    RunPython "import xl_inventory.macros as macros; macros.check_data()"
End Sub

Sub XlInventoryExport(control As IRibbonControl)
    RegisterFunctionHelp
    RunPython "import xl_inventory.macros as macros; macros.export_for_buyers()"
End Sub

Sub XlInventoryReplay(control As IRibbonControl)
    RegisterFunctionHelp
    RunPython "import xl_inventory.macros as macros; macros.replay_plan()"
End Sub

Sub XlInventoryHelp(control As IRibbonControl)
    RegisterFunctionHelp
    RunPython "import xl_inventory.macros as macros; macros.show_help()"
End Sub

Sub XlInventoryImport(control As IRibbonControl)
    RegisterFunctionHelp
    RunPython "import xl_inventory.macros as macros; macros.import_export()"
End Sub
