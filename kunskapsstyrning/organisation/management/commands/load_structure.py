from django.core.management.base import BaseCommand

from kunskapsstyrning.organisation.loaders import load_structure


class Command(BaseCommand):
    help = "Läser in den verkliga strukturen (sjukvårdsregioner, regioner, NPO, NSG …). Kan köras om."

    def handle(self, *args, **options):
        report = load_structure()
        self.stdout.write(self.style.SUCCESS(str(report)))
