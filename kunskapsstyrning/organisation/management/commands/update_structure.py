from django.core.management.base import BaseCommand

from kunskapsstyrning.organisation.loaders import update_structure


class Command(BaseCommand):
    help = (
        "Jämför databasen med data/structure.py och visar skillnaderna. Med --apply skrivs de "
        "genom tjänsterna (ett namnbyte sparar det gamla namnet). Körs av en människa, aldrig vid driftsättning."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="Visa bara skillnaderna (standard).")
        mode.add_argument("--apply", action="store_true", help="Skriv skillnaderna.")

    def handle(self, *args, apply=False, **options):
        report = update_structure(apply=apply)
        for change in report.changes:
            self.stdout.write(f"  {change}")
        if report.created:
            self.stdout.write(", ".join(f"{n} {what}" for what, n in sorted(report.created.items())) + " nya.")
        if not report.changes and not report.created:
            self.stdout.write(self.style.SUCCESS("Databasen stämmer med strukturdatan."))
        elif apply:
            self.stdout.write(self.style.SUCCESS("Ändringarna är sparade."))
        else:
            self.stdout.write(self.style.WARNING("Ingenting sparades (torrkörning). Kör med --apply för att spara."))
