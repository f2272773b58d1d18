"""Follow-up (uppföljning): the snapshot contract, the nära-vård indicators and their runner.

The engine part (contract, registry, indicators, runner) is plain Python + Ibis and never imports
Django; the management command and, later, stored results and dashboards are the Django part.
"""
