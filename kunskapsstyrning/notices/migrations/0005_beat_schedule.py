"""The reminders' beat schedule, in the database so that staff can change it in the admin
(django-celery-beat's Periodic tasks). Created once; later edits in the admin are kept."""

from django.db import migrations

ZONE = "Europe/Stockholm"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_quarter, _ = CrontabSchedule.objects.get_or_create(
        minute="*/15", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone=ZONE
    )
    seven, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone=ZONE
    )
    minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    for name, task, schedule in (
        ("Påminnelser: besluta vad som är dags", "notices.plan", {"crontab": every_quarter}),
        ("Påminnelser: skicka", "notices.send_due", {"interval": minute}),
        ("Påminnelser: daglig sammanställning 07:00", "notices.digest", {"crontab": seven}),
    ):
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, **schedule})


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=["notices.plan", "notices.send_due", "notices.digest"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0004_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
