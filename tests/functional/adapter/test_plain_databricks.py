"""A representative subset of the suites with plain ``type: databricks`` pointed at the
local warehouse, in every run (``--profile local_databricks`` runs all of them that way)."""

from __future__ import annotations

# Modules, not classes: a class imported by name would be collected here a second time.
import test_basic
import test_docs_generate
import test_incremental
import test_incremental_strategies
import test_persist_docs
import test_seeds
import test_store_test_failures

PLAIN = "databricks"


class TestSimpleMaterializationsPlain(test_basic.TestSimpleMaterializations):
    adapter_type = PLAIN


class TestIncrementalPlain(test_basic.TestIncremental):
    adapter_type = PLAIN


class TestSnapshotCheckColsPlain(test_basic.TestSnapshotCheckCols):
    adapter_type = PLAIN


class TestSnapshotTimestampPlain(test_basic.TestSnapshotTimestamp):
    adapter_type = PLAIN


class TestDocsGeneratePlain(test_docs_generate.TestDocsGenerate):
    adapter_type = PLAIN


class TestIncrementalOnSchemaChangePlain(test_incremental.TestIncrementalOnSchemaChange):
    adapter_type = PLAIN


class TestMergePlain(test_incremental_strategies.TestMerge):
    adapter_type = PLAIN


class TestInsertOverwritePlain(test_incremental_strategies.TestInsertOverwrite):
    adapter_type = PLAIN


class TestReplaceWherePlain(test_incremental_strategies.TestReplaceWhere):
    adapter_type = PLAIN


class TestPersistDocsPlain(test_persist_docs.TestPersistDocs):
    adapter_type = PLAIN


class TestSimpleSeedPlain(test_seeds.TestSimpleSeed):
    adapter_type = PLAIN


class TestStoreTestFailuresPlain(test_store_test_failures.TestStoreTestFailures):
    adapter_type = PLAIN
