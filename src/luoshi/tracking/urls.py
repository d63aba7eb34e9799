from django.urls import path

from . import actions, milestone_views, views

urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/assign/", actions.task_assign, name="task_assign"),
    path("tasks/<int:pk>/sign/", actions.task_sign, name="task_sign"),
    path("tasks/<int:pk>/report/", actions.task_report, name="task_report"),
    path("tasks/<int:pk>/extension/", actions.task_request_extension, name="task_request_extension"),
    path("tasks/<int:pk>/close/", actions.task_close, name="task_close"),
    path("tasks/<int:pk>/send-back/", actions.task_send_back, name="task_send_back"),
    path("tasks/<int:pk>/chase/", actions.task_chase, name="task_chase"),
    path("tasks/<int:pk>/publish/", actions.task_publish, name="task_publish"),
    path("tasks/<int:pk>/milestones/", milestone_views.task_milestones, name="task_milestones"),
    path("updates/<int:pk>/review/", actions.update_review, name="update_review"),
    path("extensions/<int:pk>/decide/", actions.extension_decide, name="extension_decide"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("inbox/", views.inbox, name="inbox"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/chase-lagging/", actions.chase_lagging, name="chase_lagging"),
    path("review/chase-unreported/", actions.chase_unreported, name="chase_unreported"),
]
