"""The consultation engine of NKK: review windows, consultation rounds (remiss and
synpunktsinhämtning), answers, and the comment–response ledger.

Generic on purpose: a round consults any model instance (a version of a recommendation, a
version of a vårdförlopp …) through a GenericForeignKey, and a content type tells the engine its
title and address through `registry.py`. Nothing here imports the recommendations or svf/.
"""
