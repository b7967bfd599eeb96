namespace Portal.Data.Seeding;

/// <summary>The words demo records are made of, in both languages of the portal.</summary>
internal static class DemoVocabulary
{
    public static readonly string[] RussianLegalForms = ["ООО", "АО", "ПАО", "ИП"];

    public static readonly Phrases Services = new(
        [
            "Поставка оборудования", "Внедрение CRM", "Годовое обслуживание", "Лицензии 1С", "Разработка сайта",
            "Аудит безопасности", "Обучение персонала", "Аренда серверов", "Доставка грузов", "Консультации по налогам",
        ],
        [
            "Equipment supply", "CRM implementation", "Annual support", "Software licences", "Website development",
            "Security audit", "Staff training", "Server hosting", "Freight delivery", "Tax consulting",
        ]);

    public static readonly Phrases Industries = new(
        ["Розничная торговля", "Производство", "Строительство", "Логистика", "Финансы", "Образование", "Медицина"],
        ["Retail", "Manufacturing", "Construction", "Logistics", "Finance", "Education", "Healthcare", "IT"]);

    public static readonly Phrases LeadTitles = new(
        ["Заявка с сайта", "Входящий звонок", "Запрос прайс-листа", "Заявка из WhatsApp", "Запрос коммерческого предложения"],
        ["Website enquiry", "Inbound call", "Price list request", "WhatsApp enquiry", "Quote request"]);

    public static readonly Phrases Comments = new(
        [
            "Клиент просит перезвонить после обеда.", "Отправил коммерческое предложение.", "Ждём подписанный договор.",
            "Согласовали скидку 5%.", "Счёт оплачен частично.", "Клиент уточняет бюджет у руководства.",
        ],
        [
            "Asked to call back after lunch.", "Sent the proposal.", "Waiting for the signed contract.",
            "Agreed on a 5% discount.", "Invoice partly paid.", "The client is checking the budget with their boss.",
        ]);

    public static readonly string[] Sources = ["Website", "Phone call", "E-mail", "Referral", "Exhibition", "WhatsApp", "Partner", "Advertising"];
}
