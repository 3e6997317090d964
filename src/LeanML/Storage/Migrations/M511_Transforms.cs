namespace LeanML.Storage.Migrations;

/// <summary>
/// The builds of transforms (which SQL and which upstream loads made the live version, so an unchanged transform is
/// skipped) and every data-test result, passed or failed, with its failing-row count and example rows. In the
/// warehouse, beside the data they describe: a swap and its build record commit in one transaction.
/// </summary>
internal sealed class M511_Transforms : Migration
{
    public override int Version => 511;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "transform builds and data-test results";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        foreach (var s in d.CreateAutoIdTable("transform_builds", $"""
            build_id TEXT NOT NULL,
              transform_name TEXT NOT NULL,
              file_path TEXT NOT NULL,
              materialized TEXT NOT NULL,
              sql_hash TEXT NOT NULL,
              sql_text TEXT NOT NULL,
              fingerprint TEXT NOT NULL,
              status TEXT NOT NULL,
              row_count {d.BigInt},
              started_at TEXT NOT NULL,
              finished_at TEXT NOT NULL,
              message TEXT
            """))
        {
            yield return s;
        }

        yield return $"CREATE INDEX {d.MetaIndex("transform_builds_name")} ON {d.Meta("transform_builds")} (transform_name, id)";
        foreach (var s in d.CreateAutoIdTable("data_test_results", $"""
            run_id TEXT NOT NULL,
              relation_kind TEXT NOT NULL,
              relation_name TEXT NOT NULL,
              table_name TEXT NOT NULL,
              test_name TEXT NOT NULL,
              test_kind TEXT NOT NULL,
              column_name TEXT,
              severity TEXT NOT NULL,
              status TEXT NOT NULL,
              failing_rows {d.BigInt} NOT NULL,
              row_count {d.BigInt},
              observed TEXT,
              examples TEXT NOT NULL,
              message TEXT,
              phase TEXT NOT NULL,
              tested_at TEXT NOT NULL
            """))
        {
            yield return s;
        }

        yield return $"CREATE INDEX {d.MetaIndex("data_test_results_relation")} ON {d.Meta("data_test_results")} (relation_name, id)";
    }
}
