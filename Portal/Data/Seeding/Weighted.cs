using Bogus;

namespace Portal.Data.Seeding;

/// <summary>A random choice where some outcomes are likelier than others (weights are relative).</summary>
internal sealed class Weighted<T>
{
    private readonly T[] _items;
    private readonly int[] _upperBounds;

    public Weighted(params (T Item, int Weight)[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        _items = [.. choices.Select(c => c.Item)];
        _upperBounds = new int[choices.Length];
        var total = 0;
        for (var i = 0; i < choices.Length; i++)
        {
            total += choices[i].Weight;
            _upperBounds[i] = total;
        }
    }

    public T Pick(Randomizer random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var roll = random.Number(_upperBounds[^1] - 1);
        var index = 0;
        while (roll >= _upperBounds[index])
        {
            index++;
        }

        return _items[index];
    }
}

/// <summary>The same kind of phrase in Russian and in English.</summary>
internal sealed class Phrases(string[] russian, string[] english)
{
    public string Pick(Randomizer random, bool inRussian) => random.ArrayElement(inRussian ? russian : english);
}
