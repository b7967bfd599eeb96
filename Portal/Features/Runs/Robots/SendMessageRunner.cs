using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Common;
using Portal.Domain.Messaging;
using Portal.Domain.Robots;
using Portal.Features.Scenarios;

namespace Portal.Features.Runs.Robots;

/// <summary>
/// [OLChat] Send message, through a sandbox line: the message is stored (and shown in the line's inbox) in the
/// step's own transaction, so a recovered or repeated job never sends it twice. Cloud API lines come with the
/// WhatsApp connector; until then a step on such a line fails with "line unavailable", saying why. The numbers are
/// chosen by <see cref="Recipients.Choose"/> from the rendered phone value and the record's typed phones, normalised
/// to E.164 in the configured default region.
/// </summary>
public sealed class SendMessageRunner(IOptions<MessagingOptions> options) : IRobotRunner
{
    public const string RobotKey = "olchat.send_message";

    public string Key => RobotKey;

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var lines = await batch.Db.WhatsAppLines.AsNoTracking().ToDictionaryAsync(l => l.Id, cancellationToken);
        var phones = await EntityPhones.LoadManyAsync(batch.Db, batch.EntityType, batch.EntityIds, cancellationToken);
        var region = options.Value.DefaultRegion;
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

            var recipients = Recipients.Choose(
                work.Input(nameof(SendWhatsAppMessageRobot.Phone)),
                work.Input(nameof(SendWhatsAppMessageRobot.WhichNumbers)),
                region,
                phones.GetValueOrDefault(work.EntityId));
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
