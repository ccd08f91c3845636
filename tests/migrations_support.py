"""Migration tests take one app's tables back to an earlier migration and forward again.

Only that app's own later migrations are unapplied; the other apps' migrations stay applied
(their tables do not change when this app's do). Going back through the whole graph instead
unapplies every later migration of every app that depends on this one, and applies them all
again: about ten seconds a test on PostgreSQL."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def back_to(app, name):
    """Unapply `app`'s migrations after `name`, newest first; returns the historical apps of
    that state (for the rows a test writes the old way)."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    target = (app, name)
    leaf = next(node for node in graph.leaf_nodes() if node[0] == app)
    earlier = set(graph.forwards_plan(target))
    later = [node for node in graph.forwards_plan(leaf) if node[0] == app and node not in earlier]
    applied = executor.loader.applied_migrations
    plan = [(graph.nodes[node], True) for node in reversed(later) if node in applied]
    if plan:
        executor.migrate(None, plan=plan)
    return executor.loader.project_state(target).apps


def forward():
    """Apply every migration not applied yet (the project's current state)."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
