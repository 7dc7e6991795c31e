"""Demand forecasting for slow, seasonal, intermittent and new SKUs, vectorised across SKUs."""

from xl_inventory.core.forecasting.auto import AutoForecast
from xl_inventory.core.forecasting.classify import DEMAND_CLASSES, demand_classes
from xl_inventory.core.forecasting.demand_total import METHODS, forecast_demand, make_model
from xl_inventory.core.forecasting.models import (
    ADIDA,
    IMAPA,
    MODELS,
    SBA,
    TSB,
    Croston,
    ForecastModel,
    Holt,
    MovingAverage,
    SeasonalExponentialSmoothing,
    SimpleExponentialSmoothing,
    forecast,
)

__all__ = [
    "ADIDA",
    "DEMAND_CLASSES",
    "IMAPA",
    "METHODS",
    "MODELS",
    "SBA",
    "TSB",
    "AutoForecast",
    "Croston",
    "ForecastModel",
    "Holt",
    "MovingAverage",
    "SeasonalExponentialSmoothing",
    "SimpleExponentialSmoothing",
    "demand_classes",
    "forecast",
    "forecast_demand",
    "make_model",
]
