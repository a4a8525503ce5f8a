from django.core.management.base import BaseCommand

from kunskapsstyrning.organisation.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Läser in påhittade demopersoner och demoinloggningar. Kan köras om."

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demopersoner inlästa (påhittade, märkta ”Demo”)."))
        for login in logins:
            self.stdout.write(f"  {login.username:<15} lösenord {DEMO_PASSWORD:<20} {login.description}")
