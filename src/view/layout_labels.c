/*
 * layout_labels.c - every word the screen shows, in English and in Finnish. Static tables;
 * nothing to free. A new language adds a wb_lang value and one table here.
 */
#include <string.h>

#include "layout_int.h"

static const wb_labels LABELS[WB_LANG_COUNT] = {
    {
        .waiting = "Waiting",
        .oldest = "Oldest",
        .sl_today = "SL today",
        .last_fmt = "Last %d min",
        .answered = "Answered",
        .abandoned = "Abandoned",
        .state = {"Offline", "Available", "Busy", "Wrap-up", "Paused"},
        .forecast_fmt = "Forecast SL %s " MIDDOT " need %d",
        .forecast_none = "Forecast " EM_DASH,
        .breach_fmt = "SL breach in %s min, need %d",
        .noagents_fmt = "No agents " MIDDOT " need %d",
        .forecast_low_fmt = "Lowest projected SL %s " MIDDOT " need %d",
        .forecast_held_fmt = "Forecast SL was below %s target",
        .avg_answer = "Avg answer",
        .nodata_since = "NO DATA since %s",
        .waiting_for_data = "waiting for data",
        .no_channels = "No channels yet",
        .no_agents = "No agents signed in",
        .no_agent_data = "No agent data yet",
        .no_team = "No team",
        .live = "LIVE",
        .stale = "STALE",
        .resyncing = "RESYNCING",
        .no_data = "NO DATA",
        .data_age = "data %s ago",
        .lvl_ok = "OK",
        .lvl_warn = "WARN",
        .lvl_alarm = "ALARM",
        .agents_page = "Agents",
        .t_waiting = "%s: %u waiting, limit %s",
        .t_oldest = "%s: oldest wait %s, limit %s",
        .t_sl_today = "%s: SL today %s below %s target",
        .t_sl_rolling = "%s: SL last %d min %s below %s target",
        .t_forecast = "%s: forecast SL %s below %s target",
        .t_breach = "%s: SL breach in %s min, target %s",
        .t_breach_noagents = "%s: no agents, SL breach in %s min, target %s",
        .t_forecast_low = "%s: lowest projected SL %s below %s target",
        .t_forecast_held = "%s: forecast SL was below %s target",
        .t_sl_today_held = "%s: SL today %s, was below %s target",
        .t_sl_rolling_held = "%s: SL last %d min %s, was below %s target",
        .t_sl_today_lim = "%s: SL today %s, limit %s",
        .t_sl_rolling_lim = "%s: SL last %d min %s, limit %s",
        .t_sl_today_held_lim = "%s: SL today %s, was below the %s limit",
        .t_sl_rolling_held_lim = "%s: SL last %d min %s, was below the %s limit",
        .t_silent = "%s: no data, last %s ago",
        .t_waiting_silent = "%s: no data on %u of %u waiting, last %s ago",
        .move_one = "Move 1 agent from %s to %s",
        .move_many = "Move %d agents from %s to %s",
        .move_free = "%d free now",
        .move_after = "%d after their current contact",
        .more = "+%d more",
        .all_ok = "All channels OK",
        .no_alarms = "No alarms",
        .t_no_data_yet = "no data yet: %s",
        .t_resyncing_list = "resyncing: %s",
        .levels_unknown = "Alarm levels unknown: no current data",
        .can_take = "Can take",
        .busy_here = "Busy here",
        .wrapup_here = "Wrap-up",
        .site_summary = "Whole site",
        .longest_wait = "Longest wait",
        .signed_in = "Signed in",
        .time_fmt = "%02d:%02d:%02d",
        .days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
        .months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                   "Dec"},
        .live_short = "LIVE",
        .stale_short = "STALE",
        .resyncing_short = "RESYNC",
        .no_data_short = "NO DATA",
        .data_age_short = "%s ago",
        .lvl_warn_short = "WARN",
        .lvl_alarm_short = "ALARM",
        .sl_today_short = "Today",
        .last_fmt_short = "%d min",
        .waiting_for_data_short = "no data",
        .pct_space = false,
        .iv_page = "Today by interval",
        .iv_sl = "SL",
        .iv_sl_fmt = "SL today %s",
        .iv_target_fmt = "target %s",
        .iv_worst_fmt = "worst %s: %s",
        .iv_none = "No contacts yet today",
        .iv_now = "now",
    },
    {
        .waiting = "Jonossa",
        .oldest = "Vanhin",
        .sl_today = "Palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n",
        .last_fmt = "Viimeiset %d min",
        .answered = "Vastatut",
        .abandoned = "Luopuneet",
        .state = {"Poissa", "Vapaa", "Varattu", "J\xC3\xA4lkity\xC3\xB6", "Tauko"},
        .forecast_fmt = "Palvelutasoennuste %s " MIDDOT " tarve %d",
        .forecast_none = "Ennuste " EM_DASH,
        .breach_fmt = "Palvelutaso alittuu %s min, tarve %d",
        .noagents_fmt = "Ei agentteja " MIDDOT " tarve %d",
        .forecast_low_fmt = "Alin ennuste %s " MIDDOT " tarve %d",
        .forecast_held_fmt = "Ennuste oli alle tavoitteen %s",
        .avg_answer = "Keskiodotus",
        .nodata_since = "Ei tietoja klo %s j\xC3\xA4lkeen",
        .waiting_for_data = "odotetaan tietoja",
        .no_channels = "Ei viel\xC3\xA4 kanavia",
        .no_agents = "Ei kirjautuneita agentteja",
        .no_agent_data = "Ei viel\xC3\xA4 agenttitietoja",
        .no_team = "Ei tiimi\xC3\xA4",
        .live = "AJAN TASALLA",
        .stale = "VANHENTUNUT",
        .resyncing = "SYNKRONOIDAAN",
        .no_data = "EI TIETOJA",
        .data_age = "p\xC3\xA4ivitetty %s sitten",
        .lvl_ok = "OK",
        .lvl_warn = "VAROITUS",
        .lvl_alarm = "H\xC3\x84LYTYS",
        .agents_page = "Agentit",
        .t_waiting = "%s: %u jonossa, raja %s",
        .t_oldest = "%s: vanhin odotus %s, raja %s",
        .t_sl_today = "%s: palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n %s, tavoite %s",
        .t_sl_rolling = "%s: palvelutaso viimeiset %d min %s, tavoite %s",
        .t_forecast = "%s: ennustettu palvelutaso %s, tavoite %s",
        .t_breach = "%s: palvelutaso alittuu %s min, tavoite %s",
        .t_breach_noagents = "%s: ei agentteja, palvelutaso alittuu %s min, tavoite %s",
        .t_forecast_low = "%s: alin ennustettu palvelutaso %s, tavoite %s",
        .t_forecast_held = "%s: ennustettu palvelutaso oli alle tavoitteen %s",
        .t_sl_today_held = "%s: palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n %s, oli alle tavoitteen %s",
        .t_sl_rolling_held = "%s: palvelutaso viimeiset %d min %s, oli alle tavoitteen %s",
        .t_sl_today_lim = "%s: palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n %s, raja %s",
        .t_sl_rolling_lim = "%s: palvelutaso viimeiset %d min %s, raja %s",
        .t_sl_today_held_lim = "%s: palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n %s, oli alle rajan %s",
        .t_sl_rolling_held_lim = "%s: palvelutaso viimeiset %d min %s, oli alle rajan %s",
        .t_silent = "%s: ei tietoja, p\xC3\xA4ivitetty %s sitten",
        .t_waiting_silent = "%s: %u/%u jonossa ei tietoja, p\xC3\xA4ivitetty %s sitten",
        .move_one = "Siirr\xC3\xA4 1 agentti: %s " ARROW " %s",
        .move_many = "Siirr\xC3\xA4 %d agenttia: %s " ARROW " %s",
        .move_free = "%d vapaana nyt",
        .move_after = "%d nykyisen ty\xC3\xB6n j\xC3\xA4lkeen",
        .more = "+%d lis\xC3\xA4\xC3\xA4",
        .all_ok = "Kaikki kanavat OK",
        .no_alarms = "Ei h\xC3\xA4lytyksi\xC3\xA4",
        .t_no_data_yet = "ei viel\xC3\xA4 tietoja: %s",
        .t_resyncing_list = "synkronoidaan: %s",
        .levels_unknown = "H\xC3\xA4lytystasot tuntemattomat: ei ajantasaisia tietoja",
        .can_take = "Voi ottaa",
        .busy_here = "Varattu",
        .wrapup_here = "J\xC3\xA4lkity\xC3\xB6",
        .site_summary = "Koko palvelu",
        .longest_wait = "Pisin odotus",
        .signed_in = "Kirjautuneita",
        .time_fmt = "%02d.%02d.%02d",
        .days = {"su", "ma", "ti", "ke", "to", "pe", "la"},
        .months = {"tammi", "helmi", "maalis", "huhti", "touko", "kes\xC3\xA4", "hein\xC3\xA4",
                   "elo", "syys", "loka", "marras", "joulu"},
        /* "Ajassa" (current), "huom" (note), as Finnish signs and screens shorten them. */
        .live_short = "AJASSA",
        .stale_short = "VANHA",
        .resyncing_short = "SYNKR.",
        .no_data_short = "EI DATAA",
        .data_age_short = "%s sitten",
        .lvl_warn_short = "HUOM",
        .lvl_alarm_short = "H\xC3\x84LYTYS",
        .sl_today_short = "T\xC3\xA4n\xC3\xA4\xC3\xA4n",
        .last_fmt_short = "%d min",
        .waiting_for_data_short = "ei tietoja",
        .pct_space = true,
        .iv_page = "P\xC3\xA4iv\xC3\xA4 jaksoittain",
        .iv_sl = "Palvelutaso",
        .iv_sl_fmt = "Palvelutaso t\xC3\xA4n\xC3\xA4\xC3\xA4n %s",
        .iv_target_fmt = "tavoite %s",
        .iv_worst_fmt = "heikoin %s: %s",
        .iv_none = "Ei viel\xC3\xA4 yhteydenottoja t\xC3\xA4n\xC3\xA4\xC3\xA4n",
        .iv_now = "nyt",
    },
};

/*
 * One symbol per agent state, the same in every language: free a check mark, busy a filled
 * disc, wrap-up a pencil, paused two bars, offline a ring. Busy and wrap-up, blue and purple,
 * look alike to many colour-blind viewers; their symbols do not.
 */
const char *wb_lay_state_symbol(wb_agent_state s)
{
    switch (s) {
    case WB_AGENT_AVAILABLE:
        return "\xE2\x9C\x94"; /* U+2714 */
    case WB_AGENT_BUSY:
        return "\xE2\x97\x8F"; /* U+25CF */
    case WB_AGENT_WRAPUP:
        return "\xE2\x9C\x8E"; /* U+270E */
    case WB_AGENT_PAUSED:
        return "\xE2\x9D\x9A\xE2\x9D\x9A"; /* U+275A twice */
    default:
        return "\xE2\x97\x8B"; /* U+25CB */
    }
}

wb_lang wb_lang_parse(const char *s)
{
    if (s && strcmp(s, "fi") == 0)
        return WB_LANG_FI;
    return WB_LANG_EN;
}

const wb_labels *wb_lay_labels(wb_lang lang)
{
    return &LABELS[lang < WB_LANG_COUNT ? lang : 0];
}
