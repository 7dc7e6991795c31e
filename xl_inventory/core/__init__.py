"""Pure inventory computations on numpy arrays: no Excel, no I/O.

Every formula answers an :class:`Answer` (values and a :class:`RowStatus` per row).
"""

from xl_inventory.core.classification import abc_classes, xyz_classes
from xl_inventory.core.costs import DEFAULT_HOLDING_COST_RATE, holding_cost
from xl_inventory.core.metrics import (
    days_of_cover,
    days_of_inventory,
    days_since_last_sale,
    inventory_turnover,
    sell_through,
    slow_moving_ratio,
)
from xl_inventory.core.replenishment import (
    economic_order_quantity,
    reorder_point,
    reorder_quantity,
    seasonal_first_order,
)
from xl_inventory.core.safety_stock import safety_stock_normal, safety_stock_peak
from xl_inventory.core.status import Answer, RowStatus

__all__ = [
    "DEFAULT_HOLDING_COST_RATE",
    "Answer",
    "RowStatus",
    "abc_classes",
    "days_of_cover",
    "days_of_inventory",
    "days_since_last_sale",
    "economic_order_quantity",
    "holding_cost",
    "inventory_turnover",
    "reorder_point",
    "reorder_quantity",
    "safety_stock_normal",
    "safety_stock_peak",
    "seasonal_first_order",
    "sell_through",
    "slow_moving_ratio",
    "xyz_classes",
]
