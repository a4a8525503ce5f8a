"""Indexes for the public search on the title (nkk/filtersets.py): GIN on the Swedish text
vector (the @@ match) and GIN trigram on the folded title (the %> word-similarity match).
pg_trgm, unaccent and public.ks_fold come from organisation 0005_search (a dependency here
through organisation 0007)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('nkk', '0004_campaigns'),
        ('organisation', '0007_updated_at_for_sync'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='recommendation',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('title', config='swedish'), name='nkk_rec_title_fts'),
        ),
        migrations.RunSQL(
            "CREATE INDEX nkk_rec_title_trgm ON nkk_recommendation USING gin (public.ks_fold(title) gin_trgm_ops)",
            "DROP INDEX IF EXISTS nkk_rec_title_trgm",
        ),
    ]
