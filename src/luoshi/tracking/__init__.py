"""Tracking: tasks, who does them, their progress, chasing, extensions; the workflow every source of supervised work shares."""
