using Bogus;
using Bogus.DataSets;

namespace Portal.Data.Seeding;

/// <summary>A demo person: Russian names take the gendered surname ("Смирнова"), e-mails are transliterated.</summary>
internal sealed record DemoPerson(string FirstName, string? LastName, bool IsRussian)
{
    public string FullName => LastName is null ? FirstName : $"{FirstName} {LastName}";
}

/// <summary>People and companies of a Russian-speaking market with foreign clients, from Bogus's locales.</summary>
internal sealed class DemoNames
{
    private const float RussianShare = 0.6f;
    private const float WithoutLastName = 0.04f;

    private readonly Randomizer _random;
    private readonly Faker _russian;
    private readonly Faker _english;

    public DemoNames(Randomizer random)
    {
        _random = random;
        _russian = new Faker("ru") { Random = random };
        _english = new Faker("en") { Random = random };
    }

    public bool NextIsRussian() => _random.Bool(RussianShare);

    public DemoPerson Person(bool russian)
    {
        var faker = russian ? _russian : _english;
        var gender = _random.Bool() ? Name.Gender.Male : Name.Gender.Female;
        var firstName = faker.Name.FirstName(gender);
        var lastName = _random.Bool(WithoutLastName) ? null : faker.Name.LastName(gender);
        return new DemoPerson(firstName, lastName, russian);
    }

    /// <summary>A personal address at a public mail service (ya.ru, gmail.com, …); a new one on every call.</summary>
    public string Email(DemoPerson person) =>
        (person.IsRussian ? _russian : _english).Internet.Email(person.FirstName, person.LastName ?? string.Empty);

    /// <summary>"ООО «Зуев Торг»" or "Reilly LLC".</summary>
    public string CompanyName(bool russian) => russian
        ? $"{_random.ArrayElement(DemoVocabulary.RussianLegalForms)} «{_russian.Company.CompanyName(0)}»"
        : _english.Company.CompanyName();

    public string CompanyEmail() => $"info@{_english.Internet.DomainName()}";
}
