from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "luoshi.tracking"
    verbose_name = "任务督办"
