"""PostgreSQL indexes that keep search fast at 100,000 pages.

Wagtail's index entries refer to pages by a text ``object_id``; the joins
from a page table to them compare ``page_ptr_id::varchar`` with it, which no
index served, so every search read the whole news table. The GIN index on
``title || body`` serves matches of words found only in bodies. SQLite needs
none of this.
"""

from django.db import migrations

PAGE_TABLES = ["newsroom_newspage", "newsroom_announcementpage", "home_standardpage"]

CREATE = [
    "CREATE INDEX IF NOT EXISTS search_indexentry_document_gin "
    "ON wagtailsearch_indexentry USING gin ((title || body))",
    *(
        f"CREATE INDEX IF NOT EXISTS search_{table}_object_id "
        f"ON {table} ((((page_ptr_id)::varchar(50))::text))"
        for table in PAGE_TABLES
    ),
]
DROP = [
    "DROP INDEX IF EXISTS search_indexentry_document_gin",
    *(f"DROP INDEX IF EXISTS search_{table}_object_id" for table in PAGE_TABLES),
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailsearch", "0010_add_text_fields"),
        ("newsroom", "0003_prefetched_media_blocks"),
        ("home", "0002_prefetched_media_blocks"),
    ]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
