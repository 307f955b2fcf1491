"""Subsidy Desk (纾困补贴计算台): the relief measures of 忻政办发〔2022〕36号, computed exactly and explained."""

__version__ = "0.1.0"
