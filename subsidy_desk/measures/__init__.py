"""The relief measures: one package per kind of case, listed once in ``registry``."""
