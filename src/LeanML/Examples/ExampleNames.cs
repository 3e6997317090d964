namespace LeanML.Examples;

/// <summary>Word lists for the example company's fictional people and firms.</summary>
internal static class ExampleNames
{
    public static IReadOnlyList<string> First { get; } =
    [
        "Ana", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi", "Liam", "Maya", "Noah",
        "Olga", "Pedro", "Qing", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Xena", "Yusuf", "Zoe", "Aiko", "Bruno",
        "Chloe", "Dmitri", "Emma", "Felix", "Gita", "Hannah", "Ivan", "Julia", "Kofi", "Lena", "Marco", "Nadia",
    ];

    public static IReadOnlyList<string> Last { get; } =
    [
        "Silva", "Smith", "Nguyen", "Garcia", "Müller", "Kowalski", "Okafor", "Rossi", "Tanaka", "Johnson", "Dubois",
        "Jensen", "Haddad", "Petrov", "Kim", "Santos", "Novak", "Brown", "Lopez", "Ali", "Cohen", "Meyer", "Singh",
        "O'Brien", "Fischer", "Costa", "Ivanova", "Murphy", "Larsen", "Mendes", "Wang", "Schmidt", "Patel", "Moreau",
    ];

    public static IReadOnlyList<string> CompanyFirst { get; } =
    [
        "Bright", "North", "Blue", "Silver", "Green", "Swift", "Clear", "Iron", "Maple", "Summit", "Harbor", "Pine",
        "Red", "Cedar", "Golden", "Quiet", "Bold", "Lumen", "Vector", "Orbit", "Atlas", "Nimbus", "Terra", "Polar",
    ];

    public static IReadOnlyList<string> CompanySecond { get; } =
    [
        "Harbor", "Peak", "Field", "Works", "Logic", "Bridge", "Stone", "Wave", "Craft", "Path", "Forge", "Grid", "Leaf",
        "Point", "Labs", "Systems", "Goods", "Health", "Freight", "Foods", "Media", "Finance", "Learning", "Retail",
    ];

    public static IReadOnlyList<string> CompanySuffix { get; } = ["Inc.", "LLC", "Ltd", "GmbH", "Co.", "Group", "S.A."];

    public static IReadOnlyList<string> Industries { get; } =
    [
        "Software", "Retail", "Healthcare", "Financial Services", "Education", "Manufacturing", "Marketing", "Logistics",
    ];

    public static IReadOnlyList<string> Countries { get; } = ["United States", "United Kingdom", "Germany", "Canada", "France", "Brazil", "Australia", "Netherlands"];

    public static IReadOnlyList<string> TicketSubjects { get; } =
    [
        "Dashboard export fails", "Cannot invite a teammate", "Invoice question", "Data sync is delayed", "SSO login error",
        "Chart shows wrong totals", "How do I add a data source?", "Billing address change", "API rate limit", "Slow report loading",
    ];

    public static IReadOnlyList<string> TicketTags { get; } = ["bug", "billing", "onboarding", "integration", "performance", "feature-request", "login"];
}
