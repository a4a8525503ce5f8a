from django.core.management.base import BaseCommand

from kunskapsstyrning.organisation.loaders import load_structure


class Command(BaseCommand):
    help = (
        "Läser in den verkliga strukturen (sjukvårdsregioner, regioner, NPO, NSG …) i en ny databas. "
        "Skapar bara det som saknas och skriver aldrig över; ändringar i strukturdatan förs in med update_structure."
    )

    def handle(self, *args, **options):
        report = load_structure()
        self.stdout.write(self.style.SUCCESS(str(report)))
