"""Dashboards for leaders, the public progress page and the wall screen (大屏)."""
