using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Messaging;
using Portal.Domain.Robots;

namespace Portal.Features.Runs.Robots;

/// <summary>
/// [OLChat] Send message, through a sandbox line: the message is stored (and shown in the line's inbox) in the
/// step's own transaction, so a recovered or repeated job never sends it twice. Cloud API lines come with the
/// WhatsApp connector; until then a step on such a line fails with "line unavailable", saying why.
/// </summary>
public sealed class SendMessageRunner : IRobotRunner
{
    public const string RobotKey = "olchat.send_message";

    public string Key => RobotKey;

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var lines = await batch.Db.WhatsAppLines.AsNoTracking().ToDictionaryAsync(l => l.Id, cancellationToken);
        foreach (var work in batch.Work)
        {
            var lineValue = work.Input(nameof(SendWhatsAppMessageRobot.Line));
            if (!int.TryParse(lineValue, NumberStyles.None, CultureInfo.InvariantCulture, out var lineId)
                || !lines.TryGetValue(lineId, out var line) || !line.IsActive)
            {
                work.Fail(ErrorCodes.LineUnavailable, $"{nameof(SendWhatsAppMessageRobot.Line)}: {lineValue}");
                continue;
            }

            if (line.Kind != LineKind.Sandbox)
            {
                work.Fail(ErrorCodes.LineUnavailable, $"{line.Name}: sending through {line.Kind} lines is not available yet");
                continue;
            }

            var text = work.Input(nameof(SendWhatsAppMessageRobot.Message)) ?? string.Empty;
            if (text.Length > SandboxMessage.TextMaxLength)
            {
                work.Fail(ErrorCodes.ParameterInvalid, string.Create(CultureInfo.InvariantCulture, $"{nameof(SendWhatsAppMessageRobot.Message)}: {text.Length} > {SandboxMessage.TextMaxLength}"));
                continue;
            }

            var recipients = Recipients.Parse(work.Input(nameof(SendWhatsAppMessageRobot.Phone)), work.Input(nameof(SendWhatsAppMessageRobot.WhichNumbers)));
            if (recipients.Error is { } error)
            {
                work.Fail(error, recipients.Detail);
                continue;
            }

            foreach (var to in recipients.Numbers)
            {
                batch.Db.SandboxMessages.Add(SandboxMessage.Sent(line.Id, to, text, batch.Run.Id, work.Item.Id, batch.EntityType, work.EntityId, batch.Now));
            }

            work.Done(string.Join(", ", recipients.Numbers));
        }
    }
}

/// <summary>
/// The numbers a message goes to, from the rendered phone value ("+7 999 123-45-67, 8 (999) 000-11-22"):
/// numbers are separated by commas or semicolons and written as "+" and digits. This is the engine's
/// minimum; the WhatsApp connector brings region-aware normalisation and phone types ("first mobile").
/// </summary>
public sealed record Recipients(IReadOnlyList<string> Numbers, string? Error, string? Detail)
{
    private const int MinDigits = 10;
    private const int MaxDigits = 15;

    public static Recipients Parse(string? value, string? which)
    {
        var candidates = (value ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (candidates.Length == 0)
        {
            return new Recipients([], ErrorCodes.PhoneMissing, null);
        }

        var wanted = which == "all" ? candidates : candidates.Take(1).ToArray();
        var numbers = new List<string>();
        foreach (var candidate in wanted)
        {
            if (Normalise(candidate) is not { } number)
            {
                return new Recipients([], ErrorCodes.PhoneInvalid, candidate);
            }

            if (!numbers.Contains(number, StringComparer.Ordinal))
            {
                numbers.Add(number);
            }
        }

        return new Recipients(numbers, null, null);
    }

    private static string? Normalise(string candidate)
    {
        if (candidate.Any(c => !(char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.')) || candidate.LastIndexOf('+') > 0)
        {
            return null;
        }

        var digits = new string(candidate.Where(char.IsAsciiDigit).ToArray());

        // A Russian national number: 8 and ten digits is +7 and the same ten.
        if (!candidate.StartsWith('+') && digits.Length == 11 && digits[0] == '8')
        {
            digits = "7" + digits[1..];
        }

        return digits.Length is >= MinDigits and <= MaxDigits && digits[0] != '0' ? "+" + digits : null;
    }
}
