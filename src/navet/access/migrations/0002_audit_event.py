"""The audit table. On SQLite a plain table; on PostgreSQL a table partitioned by month (UTC),
with a default partition so that no write is ever lost, and triggers that refuse UPDATE and
DELETE of audit rows, seals and prune records. Only whole partitions are dropped, by
`audit_prune`. See docs/trust.md."""

import django.utils.timezone
from django.db import migrations, models

from navet.access.storage import (
    APPEND_ONLY_TABLES,
    append_only_sql,
    create_partitioned_table_sql,
    ensure_partitions,
)

AUDIT_EVENT = migrations.CreateModel(
        name='AuditEvent',
        fields=[
            ('id', models.BigAutoField(primary_key=True, serialize=False)),
            ('occurred_at', models.DateTimeField(default=django.utils.timezone.now)),
            ('action', models.CharField(choices=[('read', 'Läsning'), ('search', 'Sökning'), ('create', 'Registrering'), ('change', 'Ändring'), ('print', 'Utskrift'), ('export', 'Export'), ('disclosure', 'Utlämnande'), ('emergency_reveal', 'Nödåtkomst, steg 1: visa var uppgifter finns'), ('emergency_open', 'Nödåtkomst, steg 2: öppna uppgifter'), ('denied', 'Nekad åtkomst'), ('login', 'Inloggning'), ('login_failed', 'Misslyckad inloggning'), ('logout', 'Utloggning'), ('maintenance', 'Underhåll av loggen')], max_length=20)),
            ('user_id', models.BigIntegerField(null=True)),
            ('username', models.CharField(blank=True, max_length=150)),
            ('hsa_id', models.CharField(blank=True, max_length=31)),
            ('role', models.CharField(blank=True, max_length=30)),
            ('unit_id', models.BigIntegerField(null=True)),
            ('unit_hsa_id', models.CharField(blank=True, max_length=31)),
            ('unit_name', models.CharField(blank=True, max_length=150)),
            ('care_provider_id', models.BigIntegerField(null=True)),
            ('principal_id', models.BigIntegerField(null=True)),
            ('person_id', models.BigIntegerField(null=True)),
            ('object_type', models.CharField(blank=True, max_length=60)),
            ('object_id', models.CharField(blank=True, max_length=40)),
            ('purpose', models.CharField(blank=True, max_length=30)),
            ('decision', models.CharField(blank=True, max_length=20)),
            ('reason', models.CharField(blank=True, max_length=40)),
            ('ip', models.GenericIPAddressField(null=True)),
            ('user_agent', models.CharField(blank=True, max_length=300)),
            ('path', models.CharField(blank=True, max_length=300)),
            ('detail', models.CharField(blank=True, max_length=500)),
        ],
        options={
            'verbose_name': 'loggpost',
            'verbose_name_plural': 'loggposter',
            'indexes': [models.Index(fields=['occurred_at'], name='audit_occurred'), models.Index(fields=['person_id', 'occurred_at'], name='audit_person'), models.Index(fields=['user_id', 'occurred_at'], name='audit_user'), models.Index(fields=['unit_id', 'occurred_at'], name='audit_unit')],
        },
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.create_model(apps.get_model("access", "AuditEvent"))
        return
    for statement in create_partitioned_table_sql():
        schema_editor.execute(statement)
    for table in APPEND_ONLY_TABLES:
        for statement in append_only_sql(table):
            schema_editor.execute(statement)
    now = django.utils.timezone.now()
    ensure_partitions(schema_editor.connection, now, now, months_ahead=3)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.delete_model(apps.get_model("access", "AuditEvent"))
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP TABLE access_auditevent CASCADE")
    schema_editor.execute("DROP FUNCTION IF EXISTS navet_refuse_audit_change()")


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[AUDIT_EVENT]),
        migrations.RunPython(forwards, backwards),
    ]
