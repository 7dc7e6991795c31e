"""Each platform's export, made here in its own headers, encoding and quirks, imported into the
hand-worked seller book: the Sales rows it adds are worked out by hand, and so is every line it
leaves out and why. The book is then read by the same reader as refresh."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.surfaces.test_bad_inputs import book_with
from xl_inventory.errors import WorkbookError
from xl_inventory.reports.import_sales import import_sales
from xl_inventory.reports.refresh import check_workbook


def write_csv(path: Path, rows: list[list[object]], encoding: str, sep: str = ",") -> Path:
    text = "\r\n".join(sep.join(str(cell) for cell in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def imported(book: Path, start_row: int) -> list[tuple]:
    """The Sales rows from ``start_row`` on: date, sku, quantity, amount, channel."""
    sheet = openpyxl.load_workbook(book)["Sales"]
    return [tuple(cell.value for cell in row[:5])
            for row in sheet.iter_rows(min_row=start_row)]


@pytest.fixture
def book(tmp_path):
    return book_with(tmp_path)


FIRST_NEW_ROW = 1 + 191 + 1  # header, the seller book's 191 sales lines, then ours


def test_taobao_details_joined_with_the_order_list(tmp_path, book):
    details = write_csv(tmp_path / "ExportOrderDetailList.csv", [
        ["订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "订单状态",
         "商家编码 "],
        ['="1001"', "Mug", "3.00", "2", "", "", "交易成功", "P1"],
        ['="1002"', "Hat", "20.00", "1", "", "", "交易关闭", "P2"],
        ['="1003"', "Mug", "3.00", "1", "", "", "等待买家付款", "P1"],
        ['="1004"', "Other", "5.00", "1", "", "", "交易成功", "P9"],
        ['="1005"', "No code", "5.00", "1", "", "", "交易成功", ""],
        ['="1006"', "Hat", "20元", "2", "P2", "", "卖家已发货，等待买家确认", ""],
    ], "gbk")
    orders = write_csv(tmp_path / "ExportOrderList.csv", [
        ["订单编号", "买家会员名", "订单付款时间 ", "订单状态", "店铺名称"],
        ['="1001"', "a", "2024-03-30 10:00:00", "交易成功", "我的小店"],
        ['="1002"', "b", "2024-03-30 11:00:00", "交易关闭", "我的小店"],
        ['="1003"', "c", "", "等待买家付款", "我的小店"],
        ['="1004"', "d", "2024-03-30 12:00:00", "交易成功", "我的小店"],
        ['="1005"', "e", "2024-03-30 12:00:00", "交易成功", "我的小店"],
        ['="1006"', "f", "2024-03-31 09:30:00", "卖家已发货，等待买家确认", "我的小店"],
    ], "gbk")
    result = import_sales(details, book, {}, orders=orders)
    assert (result.preset, result.detected, result.added) == ("taobao", True, 2)
    assert result.left_out == {"closed": 1, "unpaid": 1, "SKU not in Products": 1,
                               "no SKU": 1}
    # 1001: 2 x 3.00; 1006: the external code (外部系统编号) when 商家编码 is blank, 2 x 20元
    assert imported(book, FIRST_NEW_ROW) == [
        (dt.datetime(2024, 3, 30, 10), "P1", 2, 6, "我的小店"),
        (dt.datetime(2024, 3, 31, 9, 30), "P2", 2, 40, "我的小店")]
    # the account of the import stays in the ImportLog table, to reconcile with Taobao's
    log = openpyxl.load_workbook(book)["ImportLog"]
    assert [tuple(c.value for c in row[2:]) for row in log.iter_rows(min_row=2)] == [
        ("taobao", "added", 2), ("taobao", "left out: SKU not in Products", 1),
        ("taobao", "left out: closed", 1), ("taobao", "left out: no SKU", 1),
        ("taobao", "left out: unpaid", 1)]
    with pytest.raises(WorkbookError, match="give the order list too, with --orders"):
        import_sales(details, book, {}, platform="taobao", allow_duplicates=True)


def test_jd_keeps_paid_orders_and_books_them_on_the_payment_day(tmp_path, book):
    export = write_csv(tmp_path / "jd.csv", [
        ["订单号", "商品名称", "订购数量", "京东价", "订单状态", "下单时间", "付款确认时间",
         "货号", "订单来源", "订单金额（元）"],
        ["J1", "Mug", "3", "3.5", "完成", "2024-03-29 08:00:00", "2024-03-29 08:05:00", "P1",
         "", "10.5"],
        ["J2", "Hat", "1", "20", "(删除)已取消", "2024-03-29 09:00:00", "", "P2", "京东APP",
         "20"],
        ["J3", "Hat", "2", "20", "等待付款", "2024-03-29 10:00:00", "", "P2", "京东APP", "40"],
    ], "gb18030")
    result = import_sales(export, book, {})
    assert result.preset == "jd" and result.left_out == {"cancelled": 1, "unpaid": 1}
    second = import_sales(export, book, {}, allow_duplicates=True)  # the log grows
    assert second.added == 1
    log = openpyxl.load_workbook(book)["ImportLog"]
    assert [row[3].value for row in log.iter_rows(min_row=2)] == ["added", "left out: cancelled",
                                                                  "left out: unpaid"] * 2
    assert imported(book, FIRST_NEW_ROW) == [
        (dt.datetime(2024, 3, 29, 8, 5), "P1", 3, 10.5, "京东")] * 2


def test_pdd_strips_tab_padding_and_books_a_refund_as_a_return(tmp_path, book):
    export = write_csv(tmp_path / "pdd.csv", [
        ["订单号", "商品", "订单状态", "商品数量(件)", "商家实收金额(元)", "支付时间",
         "商家编码-SKU维度", "售后状态"],
        ["\t240330-01", "Mug", "已发货，待签收", "\t4", "\t11.6", "\t2024-03-30 20:00:00",
         "\tP1", "无售后或售后取消"],
        ["\t240330-02", "Hat", "已签收", "\t1", "\t19", "\t2024-03-30 21:00:00", "\tP2",
         "退款成功"],
        ["\t240330-03", "Hat", "已取消", "\t1", "\t0", "\t", "\tP2", ""],
    ], "utf-8-sig")
    result = import_sales(export, book, {})
    assert result.preset == "pdd"
    assert result.left_out == {"cancelled": 1, "refunded: booked as a return": 1}
    assert imported(book, FIRST_NEW_ROW) == [
        (dt.datetime(2024, 3, 30, 20), "P1", 4, 11.6, "拼多多"),
        (dt.datetime(2024, 3, 30, 21), "P2", 1, 19, "拼多多"),
        (dt.datetime(2024, 3, 30, 21), "P2", -1, -19, "拼多多")]


def test_douyin_uses_the_item_amount_not_the_order_total(tmp_path, book):
    export = write_csv(tmp_path / "douyin.csv", [
        ["主订单编号", "子订单编号", "商品数量", "商家编码", "商品金额", "订单应付金额",
         "支付完成时间", "订单状态", "售后状态"],
        ['"\t6900001"', '"\t6900001-1"', "2", '"P1\t"', "3.2", "26.4", "2024/03/30 14:00:00",
         "已完成", "-"],
        ['"\t6900001"', '"\t6900001-2"', "1", '"P2\t"', "20", "26.4", "2024/03/30 14:00:00",
         "已完成", "-"],
        ['"\t6900002"', '"\t6900002-1"', "1", '"P2\t"', "20", "20", "", "已关闭", "-"],
    ], "utf-8")
    result = import_sales(export, book, {}, platform="douyin")
    assert result.left_out == {"closed": 1}
    assert imported(book, FIRST_NEW_ROW) == [
        (dt.datetime(2024, 3, 30, 14), "P1", 2, 6.4, "抖音"),
        (dt.datetime(2024, 3, 30, 14), "P2", 1, 20, "抖音")]


def test_jushuitan_xlsx_with_escaped_plus_and_returned_units(tmp_path, book):
    sheet_book = openpyxl.Workbook()
    sheet = sheet_book.active
    sheet.append(["付款日期", "店铺", "商品编码", "商品名称", "颜色规格", "销售数量", "退货数量",
                  "销售金额"])
    sheet.append([dt.datetime(2024, 3, 28), "天猫旗舰店", "P1", "Mug_x002B_Lid", "白色;大号", 5,
                  1, 15])
    sheet.append([dt.datetime(2024, 3, 28), "", "P3", "Lamp", "", 1, 0, 60])
    path = tmp_path / "销售明细.xlsx"
    sheet_book.save(path)
    result = import_sales(path, book, {})
    assert (result.preset, result.left_out) == ("jushuitan", {})
    assert imported(book, FIRST_NEW_ROW) == [
        (dt.datetime(2024, 3, 28), "P1", 5, 15, "天猫旗舰店"),
        (dt.datetime(2024, 3, 28), "P1", -1, None, "天猫旗舰店"),
        (dt.datetime(2024, 3, 28), "P3", 1, 60, "聚水潭")]


def test_wangdiantong_skips_title_rows_and_the_total_row(tmp_path, book):
    export = write_csv(tmp_path / "订单明细.csv", [
        ["订单明细导出"], ["导出时间：2024-04-01 09:00"],
        ["订单编号", "店铺名称", "订单状态", "订单退款状态", "付款时间", "商家编码", "数量",
         "分摊后总价", "成本价"],
        ["W1", "京东店", "已完成", "无退款", "2024-03-27 10:00:00", "P1", "1", "3", "无权限"],
        ["W2", "京东店", "已取消", "无退款", "2024-03-27 11:00:00", "P2", "1", "20", "无权限"],
        ["W3", "京东店", "已完成", "退款成功", "2024-03-27 12:00:00", "P2", "2", "38", "无权限"],
        ["合计:", "", "", "", "", "", "4", "61", ""],
    ], "gbk")
    result = import_sales(export, book, {})
    assert result.preset == "wangdiantong"
    assert result.left_out == {"cancelled": 1, "refunded: booked as a return": 1}
    assert imported(book, FIRST_NEW_ROW) == [
        (dt.datetime(2024, 3, 27, 10), "P1", 1, 3, "京东店"),
        (dt.datetime(2024, 3, 27, 12), "P2", 2, 38, "京东店"),
        (dt.datetime(2024, 3, 27, 12), "P2", -2, -38, "京东店")]


def test_shopify_fills_an_orders_fields_down_its_extra_line_items(tmp_path, book):
    export = write_csv(tmp_path / "orders_export.csv", [
        ["Name", "Email", "Financial Status", "Created at", "Lineitem quantity", "Lineitem name",
         "Lineitem price", "Lineitem sku", "Lineitem discount", "Cancelled at", "Source"],
        ["#1001", "a@x", "paid", "2024-03-30 10:00:00 -0400", "2", "Mug", "3.00", "P1", "0.5",
         "", "web"],
        ["#1001", "", "", "", "1", "Hat", "20.00", "P2", "0", "", ""],
        ["#1002", "b@x", "pending", "2024-03-30 11:00:00 -0400", "1", "Hat", "20.00", "P2",
         "0", "", "web"],
        ["#1003", "c@x", "paid", "2024-03-30 12:00:00 -0400", "1", "Hat", "20.00", "P2", "0",
         "2024-03-30 13:00:00 -0400", "web"],
        ["#1004", "d@x", "refunded", "2024-03-31 09:00:00 -0400", "1", "Lamp", "60.00", "P3",
         "0", "", "pos"],
        ["#1005", "e@x", "partially_refunded", "2024-03-31 10:00:00 -0400", "1", "Mug", "3.00",
         "P1", "0", "", "pos"],
    ], "utf-8")
    result = import_sales(export, book, {})
    assert result.preset == "shopify"
    assert result.left_out == {"unpaid": 1, "cancelled": 1, "refunded: booked as a return": 1}
    assert imported(book, FIRST_NEW_ROW) == [
        (dt.datetime(2024, 3, 30, 10), "P1", 2, 5.5, "web"),
        (dt.datetime(2024, 3, 30, 10), "P2", 1, 20, "web"),
        (dt.datetime(2024, 3, 31, 9), "P3", 1, 60, "pos"),
        (dt.datetime(2024, 3, 31, 9), "P3", -1, -60, "pos"),
        # a partial refund does not say which line: the sale stands
        (dt.datetime(2024, 3, 31, 10), "P1", 1, 3, "pos")]


def test_amazon_tab_separated_with_iso_dates_and_offsets(tmp_path, book):
    export = write_csv(tmp_path / "all_orders.txt", [
        ["amazon-order-id", "purchase-date", "order-status", "sales-channel", "sku",
         "item-status", "quantity", "item-price", "item-promotion-discount"],
        ["111-1", "2024-03-30T10:20:30+00:00", "Shipped", "Amazon.de", "P1", "Shipped", "2",
         "7.00", "1.00"],
        ["111-2", "2024-03-30T11:00:00+00:00", "Cancelled", "Amazon.de", "P2", "Cancelled",
         "1", "0", ""],
        ["111-3", "2024-03-30T12:00:00+00:00", "Pending", "Amazon.de", "P2", "Unshipped",
         "1", "20", ""],
    ], "cp1252", sep="\t")
    result = import_sales(export, book, {})
    assert result.preset == "amazon" and result.left_out == {"cancelled": 1, "unpaid": 1}
    assert imported(book, FIRST_NEW_ROW) == [
        (dt.datetime(2024, 3, 30, 10, 20, 30), "P1", 2, 6, "Amazon.de")]
    # and the book reads back as refresh reads it
    sales = check_workbook(book).sales
    assert sales.iloc[-1][["sku", "quantity", "amount", "channel"]].tolist() == [
        "P1", 2.0, 6.0, "Amazon.de"]


def test_a_named_preset_missing_a_column_says_which_and_nothing_is_written(tmp_path, book):
    export = write_csv(tmp_path / "wrong.csv", [
        ["订单号", "商品数量(件)", "支付时间", "商家编码-SKU维度"],
        ["1", "1", "2024-03-30 10:00:00", "P1"]], "utf-8")
    before = book.read_bytes()
    with pytest.raises(WorkbookError, match="not a jd export as known: it has no column "
                                            "'付款确认时间'"):
        import_sales(export, book, {}, platform="jd")
    with pytest.raises(WorkbookError, match="unknown --from 'ebay' for sales"):
        import_sales(export, book, {}, platform="ebay")
    assert book.read_bytes() == before
