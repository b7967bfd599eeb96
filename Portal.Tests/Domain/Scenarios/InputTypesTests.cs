using Portal.Domain.Robots;

namespace Portal.Tests.Domain.Scenarios;

/// <summary>Every input type says in one table what its values are.</summary>
public sealed class InputTypesTests
{
    public static TheoryData<InputType> Types => new(Enum.GetValues<InputType>());

    [Theory]
    [MemberData(nameof(Types))]
    public void EveryInputType_HasItsRules(InputType type) => Assert.NotNull(InputTypes.Of(type));

    [Theory]
    [InlineData(InputType.Number, "-12.5", true)]
    [InlineData(InputType.Number, "1,5", false)]
    [InlineData(InputType.YesNo, "true", true)]
    [InlineData(InputType.YesNo, "yes", false)]
    [InlineData(InputType.Duration, "00:05:00", true)]
    [InlineData(InputType.Duration, "31.00:00:00", false)]
    [InlineData(InputType.Choice, "a", true)]
    [InlineData(InputType.Choice, "c", false)]
    [InlineData(InputType.Url, "https://h.example/x", true)]
    [InlineData(InputType.Url, "mailto:a@h.example", false)]
    [InlineData(InputType.Json, "{\"a\": [1]}", true)]
    [InlineData(InputType.Json, "{a: 1}", false)]
    [InlineData(InputType.SingleLine, "anything {{at}} all", true)]
    public void AFilledInValue_IsAcceptedByItsType(InputType type, string value, bool accepted) =>
        Assert.Equal(accepted, InputTypes.Of(type).Accepts(value, ["a", "b"]));

    [Fact]
    public void OnlyJson_EncodesWhatIsFilledIn_AndOnlyTextsKeepTheirSpacing()
    {
        Assert.Equal([InputType.Json], Enum.GetValues<InputType>().Where(t => InputTypes.Of(t).EncodeFilledIn is not null));
        Assert.Equal([InputType.MultiLine, InputType.Json], Enum.GetValues<InputType>().Where(t => InputTypes.Of(t).KeepsSpacing));
        Assert.Equal("say \\\"hi\\\"\\n", InputTypes.Of(InputType.Json).EncodeFilledIn!("say \"hi\"\n"));
    }
}
