"""Follow-up (uppföljning): the snapshot contract, the nära-vård indicators and their runner.

The engine part (contract, registry, indicators, runner) is plain Python + Ibis and never imports
Django; the management commands, stored runs (models, runs, tasks) and the dashboards (dashboard,
charts, views) are the Django part.
"""
