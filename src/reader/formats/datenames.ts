/** The words feed dates are written with: month and day names (several languages) and zone names. */

const MONTH_NAMES = [
  "jan january januar janv janvier ene enero gen gennaio janeiro januari",
  "feb february februar fév févr fev février fevrier febrero febbraio fevereiro februari",
  "mar march märz mär mrz mars marzo março mrt maart",
  "apr april avr avril abr abril aprile",
  "may mai mayo mag maggio maio mei",
  "jun june juni juin junio giu giugno junho",
  "jul july juli juil juillet julio lug luglio julho",
  "aug august août aout ago agosto augustus",
  "sep sept september septembre septiembre set settembre setembro",
  "oct october oktober okt octobre octubre ott ottobre out outubro",
  "nov november novembre noviembre novembro",
  "dec december dezember dez déc décembre decembre dic diciembre dicembre dezembro",
];

/** Lower-cased month name or abbreviation → month number (1–12). Look up with Object.hasOwn. */
export const MONTHS: Record<string, number> = Object.create(null);
MONTH_NAMES.forEach((names, i) => {
  for (const n of names.split(" ")) MONTHS[n] = i + 1;
});

/** Lower-cased day names and abbreviations, skipped wherever they appear (some are wrong). */
export const DAY_NAMES = new Set(
  (
    "mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday " +
    "mo di mi do fr sa so montag dienstag mittwoch donnerstag freitag samstag sonntag " +
    "lun jeu ven sam dim lundi mardi mercredi jeudi vendredi samedi dimanche " +
    "lunes martes miércoles jueves viernes sábado domingo"
  ).split(" "),
);

// Hours east of UTC. ET/CT/MT/PT are what US feeds write when they mean "local time".
const ZONE_TABLE =
  "ut:0 utc:0 gmt:0 z:0 wet:0 etc/gmt:0 etc/utc:0 est:-5 edt:-4 cst:-6 cdt:-5 mst:-7 mdt:-6 pst:-8 pdt:-7 " +
  "et:-5 ct:-6 mt:-7 pt:-8 akst:-9 akdt:-8 hst:-10 ast:-4 adt:-3 nst:-3.5 ndt:-2.5 bst:1 cet:1 cest:2 " +
  "met:1 mest:2 eet:2 eest:3 west:1 msk:3 ist:5.5 sgt:8 hkt:8 awst:8 jst:9 kst:9 acst:9.5 aest:10 " +
  "aedt:11 nzst:12 nzdt:13";

/** Lower-cased zone name → hours east of UTC. Look up with Object.hasOwn. */
export const ZONES: Record<string, number> = Object.create(null);
for (const pair of ZONE_TABLE.split(" ")) {
  const [name, hours] = pair.split(":");
  ZONES[name!] = Number(hours);
}
// Military zones: RFC 822 gave their signs backwards, so writers disagree on what "A" means, and
// RFC 2822 (4.3) says to read every one but Z as -0000: UTC, with the local offset unknown.
// ("J" is no zone: military local time, which reads as no zone, i.e. UTC as well.)
for (let i = 0; i < 26; i++) ZONES[String.fromCharCode(97 + i)] ??= 0;
