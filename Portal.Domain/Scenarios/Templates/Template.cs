namespace Portal.Domain.Scenarios.Templates;

/// <summary>A piece of a template: literal text, or a placeholder such as <c>{{Deal.Title}}</c>.</summary>
public abstract record TemplateSegment(int Position);

public sealed record TextSegment(int Position, string Text) : TemplateSegment(Position);

/// <summary>A placeholder; <see cref="Name"/> is the trimmed path between the braces ("Deal.Title").</summary>
public sealed record PlaceholderSegment(int Position, string Name) : TemplateSegment(Position);

/// <summary>Where a template is wrong: 1-based line and column, for the editor to point at.</summary>
public sealed record TemplateError(string Code, int Position, int Line, int Column, string? Placeholder = null)
{
    public const string Unclosed = "template.unclosed";
    public const string Empty = "template.empty_placeholder";
    public const string Malformed = "template.malformed_placeholder";
    public const string Unknown = "template.unknown_placeholder";
}

/// <summary>
/// A parsed template. The syntax is deliberately tiny: <c>{{ Path }}</c> with a dotted name of letters,
/// digits and underscores; everything else is text. Rendering substitutes values in one pass, so a value
/// that itself contains <c>{{…}}</c> is never expanded, and nothing is ever evaluated as code or HTML.
/// </summary>
public sealed class Template
{
    private const string Open = "{{";
    private const string Close = "}}";

    private Template(string source, IReadOnlyList<TemplateSegment> segments, IReadOnlyList<TemplateError> errors)
    {
        Source = source;
        Segments = segments;
        Errors = errors;
    }

    public string Source { get; }

    public IReadOnlyList<TemplateSegment> Segments { get; }

    /// <summary>Syntax errors; a template with errors renders nothing and cannot be saved.</summary>
    public IReadOnlyList<TemplateError> Errors { get; }

    /// <summary>The length of the text around the placeholders: the least the template renders to.</summary>
    public int LiteralLength => Segments.OfType<TextSegment>().Sum(t => t.Text.Length);

    public IEnumerable<string> Placeholders => Segments.OfType<PlaceholderSegment>().Select(p => p.Name).Distinct(StringComparer.Ordinal);

    public static Template Parse(string? source)
    {
        var text = source ?? string.Empty;
        var segments = new List<TemplateSegment>();
        var errors = new List<TemplateError>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf(Open, at, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add(new TextSegment(at, text[at..]));
                break;
            }

            if (open > at)
            {
                segments.Add(new TextSegment(at, text[at..open]));
            }

            var close = text.IndexOf(Close, open + Open.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                errors.Add(ErrorAt(text, TemplateError.Unclosed, open));
                break;
            }

            var name = text[(open + Open.Length)..close].Trim();
            if (name.Length == 0)
            {
                errors.Add(ErrorAt(text, TemplateError.Empty, open));
            }
            else if (!IsPath(name))
            {
                errors.Add(ErrorAt(text, TemplateError.Malformed, open, name));
            }
            else
            {
                segments.Add(new PlaceholderSegment(open, name));
            }

            at = close + Close.Length;
        }

        return new Template(text, segments, errors);
    }

    /// <summary>Errors plus every placeholder not in <paramref name="known"/> (exact names, case-sensitive).</summary>
    public IReadOnlyList<TemplateError> Validate(IReadOnlySet<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        return Errors
            .Concat(Segments.OfType<PlaceholderSegment>()
                .Where(p => !known.Contains(p.Name))
                .Select(p => ErrorAt(Source, TemplateError.Unknown, p.Position, p.Name)))
            .OrderBy(e => e.Position)
            .ToList();
    }

    private static bool IsPath(string name) =>
        name.Split('.').All(part => part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_'));

    private static TemplateError ErrorAt(string text, string code, int position, string? placeholder = null)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TemplateError(code, position, line, position - lineStart + 1, placeholder);
    }
}
