using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Connectors.WhatsApp;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Robots;
using Portal.Features.Scenarios;

namespace Portal.Features.Engine.Robots;

/// <summary>
/// A robot of the messenger app (<see cref="SendMessageRobot"/>, <see cref="SendTemplateRobot"/>, <see cref="SendFileRobot"/>):
/// the recipients' inputs and the sending are here, a robot says only what it sends (<see cref="Content"/>). The numbers
/// are chosen by <see cref="Recipients.Choose"/> from the rendered phone value and the record's typed phones, normalised
/// to E.164 in the configured default region; each recipient gets one <see cref="WhatsAppMessage"/> under the key run
/// item + step + recipient, written in the step's transaction.
/// A sandbox line's message is sent there and then (it is only kept and shown in the inbox). A Cloud API line's
/// message is the outbox record: once the round commits, the <see cref="OutboxPump"/>'s senders take it, and the
/// step stays pending until every message is sent or has failed for good (the senders wake the item then).
/// The recipients are chosen on the step's first pass only: its messages (run item + step) are the record of that
/// choice, and every later pass, or a pass after a crash, reads them instead of choosing again. Because the key is
/// unique and the messages are found first, no job, however often retried, sends twice, nor to a second number.
/// </summary>
public abstract class MessageRobot(IOptions<MessagingOptions> messaging, IOptions<WhatsAppOptions> whatsApp) : IRobot
{
    [RobotInput(InputType.WhatsAppLine, 1, Required = true)]
    public const string Line = nameof(Line);

    [RobotInput(InputType.Phone, 2, Required = true, Default = "{{Contact.Phone}}")]
    public const string Phone = nameof(Phone);

    [RobotInput(InputType.Choice, 3, Required = true, Default = WhichNumbers.First, Options = [WhichNumbers.First, WhichNumbers.FirstMobile, WhichNumbers.All])]
    public const string Numbers = nameof(WhichNumbers);

    /// <summary>Whether a robot sends messages (it has a line to send through): the launch check then checks its recipients.</summary>
    public static bool Sends(RobotDescriptor robot)
    {
        ArgumentNullException.ThrowIfNull(robot);
        return robot.Inputs.Any(i => i.Type == InputType.WhatsAppLine);
    }

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // Its messages are keyed by run item and step, for exactly-once sending: it works in scenario runs only.
        var run = batch.Run ?? throw new InvalidOperationException("Sending a WhatsApp message is a scenario robot: it needs a run.");
        // The recipients are decided once, on the step's first pass, and recorded as the step's messages (item + step):
        // a later pass (the step is pending while they are sent) or a pass after a crash reads them and never
        // resolves the numbers again, so a record whose phones read differently now cannot get a second message.
        var itemIds = batch.Work.Select(ItemId).ToList();
        var recorded = (await batch.Db.WhatsAppMessages.AsNoTracking()
                .Where(m => m.RunItemId != null && itemIds.Contains(m.RunItemId.Value) && m.StepIndex == batch.StepIndex)
                .OrderBy(m => m.Id)
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.RunItemId!.Value);
        var messages = new List<(RobotWork Work, List<WhatsAppMessage> Messages)>();
        var fresh = new List<RobotWork>();
        foreach (var work in batch.Work)
        {
            if (recorded[ItemId(work)].ToList() is { Count: > 0 } own)
            {
                messages.Add((work, own));
            }
            else
            {
                fresh.Add(work);
            }
        }

        if (fresh.Count > 0)
        {
            messages.AddRange(await FirstPassAsync(batch, run, fresh, cancellationToken));
        }

        // A message whose worker died during the call is settled as uncertain by the outbox's senders once its lease
        // has run out (never here: the sender may still write its answer); the step looks again by then.
        var lease = TimeSpan.FromSeconds(whatsApp.Value.SendingLeaseSeconds + whatsApp.Value.SettleIntervalSeconds);
        var recheck = TimeSpan.FromSeconds(whatsApp.Value.StepRecheckSeconds);

        var attempts = await AttemptsAsync(batch, messages.SelectMany(m => m.Messages).Where(m => m.Status.IsFinal() && m.Attempts > 1), cancellationToken);
        foreach (var (work, own) in messages)
        {
            Conclude(batch, work, own, attempts, lease, recheck);
        }
    }

    /// <summary>What the robot sends to each recipient of <paramref name="work"/>; a value WhatsApp would refuse throws <see cref="CrmValidationException"/> naming the input.</summary>
    protected abstract MessageContent Content(RobotWork work);

    private static string Refusal(string reason) => reason switch
    {
        CrmValidation.Required => ErrorCodes.ParameterMissing,
        CrmValidation.TooLong => ErrorCodes.ParameterTooLong,
        _ => ErrorCodes.ParameterInvalid,
    };

    /// <summary>
    /// The step's first pass for these items: checks the line and the content, chooses the recipients (E.164, in the
    /// order <see cref="Recipients.Choose"/> gives them) and writes one message for each; an item that cannot send fails here.
    /// </summary>
    private async Task<List<(RobotWork Work, List<WhatsAppMessage> Messages)>> FirstPassAsync(
        RobotBatch batch, Domain.Runs.ScenarioRun run, List<RobotWork> fresh, CancellationToken cancellationToken)
    {
        var lines = await batch.Db.WhatsAppLines.AsNoTracking().ToDictionaryAsync(l => l.Id, cancellationToken);
        var phones = await EntityPhones.LoadManyAsync(batch.Db, batch.EntityType, fresh.Select(w => w.EntityId).ToList(), cancellationToken);
        var region = messaging.Value.DefaultRegion;
        var messages = new List<(RobotWork Work, List<WhatsAppMessage> Messages)>();
        foreach (var work in fresh)
        {
            var lineValue = work.Input(Line);
            if (!int.TryParse(lineValue, NumberStyles.None, CultureInfo.InvariantCulture, out var lineId)
                || !lines.TryGetValue(lineId, out var line) || !line.IsActive)
            {
                work.Fail(ErrorCodes.LineUnavailable, $"{Line}: {lineValue}");
                continue;
            }

            // Present and no longer than the inputs' limits: checked before the robot runs (StepOutcome.RefusedInputs);
            // what WhatsApp refuses besides (a template name, a link) is the content's own rule.
            MessageContent content;
            try
            {
                content = Content(work);
            }
            catch (CrmValidationException refused)
            {
                work.Fail(Refusal(refused.Reason), work.Input(refused.Field) is { Length: > 0 } value ? $"{refused.Field}: {value}" : refused.Message);
                continue;
            }

            var recipients = Recipients.Choose(
                work.Input(Phone),
                work.Input(Numbers),
                region,
                phones.GetValueOrDefault(work.EntityId));
            if (recipients.Error is { } error)
            {
                work.Fail(error, recipients.Detail);
                continue;
            }

            var own = new List<WhatsAppMessage>(recipients.Numbers.Count);
            foreach (var to in recipients.Numbers)
            {
                var origin = MessageOrigin.Step(run.Id, ItemId(work), batch.StepIndex, batch.EntityType, work.EntityId, to, batch.UserId);
                var message = line.Kind == LineKind.Sandbox
                    ? WhatsAppMessage.Sandbox(line.Id, to, content, origin, batch.Now)
                    : WhatsAppMessage.Queued(line.Id, to, content, origin, batch.Now);
                batch.Db.WhatsAppMessages.Add(message);
                own.Add(message);
            }

            messages.Add((work, own));
        }

        return messages;
    }

    /// <summary>
    /// The step is done when every message is: sent (the output lists them), or one failed for good or is uncertain
    /// (the step fails with its code, <see cref="ErrorCodes.MessageUncertain"/> for a message whose worker died during the call).
    /// </summary>
    private static void Conclude(RobotBatch batch, RobotWork work, List<WhatsAppMessage> own, ILookup<long, MessageAttempt> attempts, TimeSpan lease, TimeSpan recheck)
    {
        if (own.All(m => m.Status.IsFinal()))
        {
            var summary = string.Join("; ", own.Select(m => Describe(m, attempts[m.Id])));
            var failed = own.FirstOrDefault(m => !m.Status.IsSent());
            if (failed is null)
            {
                work.Done(summary);
            }
            else
            {
                work.Fail(failed.ErrorCode ?? ErrorCodes.ProviderRejected, summary);
            }

            return;
        }

        // Some message is still on its way: the outbox's senders wake the item when its messages are done; until
        // then it is looked at again now and then (a wake-up lost in a crash, a worker that died while sending).
        if (own.Any(m => m.Status == MessageStatus.Pending && !(m.NextAttemptAt > batch.Now)))
        {
            batch.Dispatch(work);
        }

        var lookAgain = batch.Now + recheck;
        var leaseEnds = own.Where(m => m.Status == MessageStatus.Sending).Select(m => m.ClaimedAt + lease).Min();
        work.Pending(leaseEnds < lookAgain ? leaseEnds : lookAgain);
    }

    /// <summary>"+79991234567: sent, wamid.X" or "+7…: HTTP 400, code 131026: Message undeliverable", with every earlier attempt.</summary>
    private static string Describe(WhatsAppMessage message, IEnumerable<MessageAttempt> attempts)
    {
        var outcome = message.Status.IsSent()
            ? message.ProviderMessageId?.StartsWith(WhatsAppMessage.SandboxIdPrefix, StringComparison.Ordinal) == true ? "sent to the sandbox inbox" : $"sent, {message.ProviderMessageId}"
            : message.ProviderError ?? message.ErrorCode ?? message.Status.ToString();
        var earlier = attempts.Where(a => a.Outcome == SendDecisionKind.Retry).OrderBy(a => a.Number)
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"#{a.Number} {a.Detail}"))
            .ToList();
        var tries = string.Create(CultureInfo.InvariantCulture, $"attempts: {message.Attempts}");
        return earlier.Count == 0
            ? message.Attempts > 1 ? $"{message.To}: {outcome} ({tries})" : $"{message.To}: {outcome}"
            : $"{message.To}: {outcome} ({tries}; retried after {string.Join(", ", earlier)})";
    }

    private static async Task<ILookup<long, MessageAttempt>> AttemptsAsync(RobotBatch batch, IEnumerable<WhatsAppMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.Id).Where(id => id != 0).ToList();
        if (ids.Count == 0)
        {
            return Array.Empty<MessageAttempt>().ToLookup(a => a.MessageId);
        }

        var attempts = await batch.Db.MessageAttempts.AsNoTracking().Where(a => ids.Contains(a.MessageId)).ToListAsync(cancellationToken);
        return attempts.ToLookup(a => a.MessageId);
    }

    private static long ItemId(RobotWork work) => work.Item?.Id ?? throw new InvalidOperationException("A message is sent for a run item.");
}
