using LeanML.Transforms;

namespace LeanML.Tests.Transforms;

public sealed class SqlRelationReferencesTests
{
    private static List<string> Names(string sql) => SqlRelationReferences.Find(sql).Select(r => r.ToString()).ToList();

    [Fact]
    public void Finds_from_join_and_comma_lists()
    {
        Assert.Equal(["orders", "customers", "plans"],
            Names("SELECT * FROM orders o JOIN customers AS c ON c.id = o.customer_id LEFT OUTER JOIN plans p USING (plan)"));
        Assert.Equal(["a", "b", "c"], Names("select * from a, b x, c as y where 1 = 1"));
    }

    [Fact]
    public void Skips_strings_comments_and_keeps_quoted_names_exact()
    {
        var sql = """"
            -- FROM commented_out
            /* JOIN block /* nested */ still_comment */
            SELECT 'FROM in_a_string', E'it''s \' FROM escaped', $$ FROM dollar $$, $tag$ JOIN tagged $tag$
            FROM "Weird ""Name""" JOIN "from" ON true
            """";
        var refs = SqlRelationReferences.Find(sql);
        Assert.Equal(["Weird \"Name\"", "from"], refs.Select(r => r.Name));
        Assert.All(refs, r => Assert.True(r.Quoted));
        Assert.Equal(4, refs[0].Line);
    }

    [Fact]
    public void Unquoted_names_fold_to_lower_case_and_schemas_are_kept()
    {
        var refs = SqlRelationReferences.Find("SELECT * FROM Main.Orders JOIN leanml.events e ON true JOIN db.public.\"Plans\" ON true");
        Assert.Equal([("main", "orders"), ("leanml", "events"), ("public", "Plans")], refs.Select(r => (r.Schema!, r.Name)));
    }

    [Fact]
    public void Ctes_table_functions_and_function_from_are_not_relations()
    {
        var sql = """
            WITH recent (id) AS (SELECT id FROM orders WHERE EXTRACT(year FROM created_at) = 2026),
                 totals AS MATERIALIZED (SELECT SUBSTRING(name FROM 2) AS s FROM customers)
            SELECT * FROM recent r
            JOIN totals t ON true
            CROSS JOIN generate_series(1, 3) g
            JOIN read_csv('x.csv') f ON true
            WHERE r.id IS DISTINCT FROM t.s AND EXISTS (SELECT 1 FROM payments p WHERE p.id = r.id)
              AND r.id IN (SELECT id FROM (SELECT id FROM refunds) AS x)
            """;
        Assert.Equal(["orders", "customers", "payments", "refunds"], Names(sql));
    }

    [Fact]
    public void Lateral_subqueries_and_duckdb_from_first()
    {
        Assert.Equal(["a", "b"], Names("SELECT * FROM a, LATERAL (SELECT * FROM b) AS x"));
        Assert.Equal(["a"], Names("FROM a SELECT *"));
        Assert.Equal(["t"], Names("SELECT * FROM (SELECT * FROM t) sub(a, b)"));
    }
}
