"""Batch processing: a bank's or an agency's whole list, imported from Excel, checked, computed and written out.

Plain Python (no Qt): the command line and the window's batch dialog share everything here.
"""
