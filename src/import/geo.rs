//! Where an imported organisation is: ISO 3166 codes from what a source wrote, and a time zone
//! guessed from them.
//!
//! Sources give countries and states, not zones. The guess is the zone of the capital or of most
//! people (a U.S. state's zone when the state is known); the importer always says it guessed.

use chrono_tz::Tz;

use crate::incident::vocab;

/// U.S. states, the District of Columbia and the inhabited territories: ISO 3166-2 suffix, name,
/// and the IANA zone of most of its people.
#[rustfmt::skip]
const US_STATES: &[(&str, &str, &str)] = &[
    ("AL", "Alabama", "America/Chicago"), ("AK", "Alaska", "America/Anchorage"),
    ("AZ", "Arizona", "America/Phoenix"), ("AR", "Arkansas", "America/Chicago"),
    ("CA", "California", "America/Los_Angeles"), ("CO", "Colorado", "America/Denver"),
    ("CT", "Connecticut", "America/New_York"), ("DE", "Delaware", "America/New_York"),
    ("DC", "District of Columbia", "America/New_York"), ("FL", "Florida", "America/New_York"),
    ("GA", "Georgia", "America/New_York"), ("HI", "Hawaii", "Pacific/Honolulu"),
    ("ID", "Idaho", "America/Boise"), ("IL", "Illinois", "America/Chicago"),
    ("IN", "Indiana", "America/Indiana/Indianapolis"), ("IA", "Iowa", "America/Chicago"),
    ("KS", "Kansas", "America/Chicago"), ("KY", "Kentucky", "America/New_York"),
    ("LA", "Louisiana", "America/Chicago"), ("ME", "Maine", "America/New_York"),
    ("MD", "Maryland", "America/New_York"), ("MA", "Massachusetts", "America/New_York"),
    ("MI", "Michigan", "America/Detroit"), ("MN", "Minnesota", "America/Chicago"),
    ("MS", "Mississippi", "America/Chicago"), ("MO", "Missouri", "America/Chicago"),
    ("MT", "Montana", "America/Denver"), ("NE", "Nebraska", "America/Chicago"),
    ("NV", "Nevada", "America/Los_Angeles"), ("NH", "New Hampshire", "America/New_York"),
    ("NJ", "New Jersey", "America/New_York"), ("NM", "New Mexico", "America/Denver"),
    ("NY", "New York", "America/New_York"), ("NC", "North Carolina", "America/New_York"),
    ("ND", "North Dakota", "America/Chicago"), ("OH", "Ohio", "America/New_York"),
    ("OK", "Oklahoma", "America/Chicago"), ("OR", "Oregon", "America/Los_Angeles"),
    ("PA", "Pennsylvania", "America/New_York"), ("RI", "Rhode Island", "America/New_York"),
    ("SC", "South Carolina", "America/New_York"), ("SD", "South Dakota", "America/Chicago"),
    ("TN", "Tennessee", "America/Chicago"), ("TX", "Texas", "America/Chicago"),
    ("UT", "Utah", "America/Denver"), ("VT", "Vermont", "America/New_York"),
    ("VA", "Virginia", "America/New_York"), ("WA", "Washington", "America/Los_Angeles"),
    ("WV", "West Virginia", "America/New_York"), ("WI", "Wisconsin", "America/Chicago"),
    ("WY", "Wyoming", "America/Denver"), ("AS", "American Samoa", "Pacific/Pago_Pago"),
    ("GU", "Guam", "Pacific/Guam"), ("MP", "Northern Mariana Islands", "Pacific/Saipan"),
    ("PR", "Puerto Rico", "America/Puerto_Rico"), ("VI", "Virgin Islands", "America/St_Thomas"),
    ("UM", "United States Minor Outlying Islands", "Pacific/Wake"),
];

/// Countries and the IANA zone of the capital or of most people. Countries not listed get UTC.
#[rustfmt::skip]
const COUNTRY_ZONES: &[(&str, &str)] = &[
    ("AE", "Asia/Dubai"), ("AR", "America/Argentina/Buenos_Aires"), ("AT", "Europe/Vienna"),
    ("AU", "Australia/Sydney"), ("AZ", "Asia/Baku"), ("BD", "Asia/Dhaka"),
    ("BE", "Europe/Brussels"),
    ("BG", "Europe/Sofia"), ("BH", "Asia/Bahrain"), ("BR", "America/Sao_Paulo"),
    ("BW", "Africa/Gaborone"), ("BY", "Europe/Minsk"), ("BZ", "America/Belize"),
    ("CA", "America/Toronto"), ("CH", "Europe/Zurich"), ("CL", "America/Santiago"),
    ("CN", "Asia/Shanghai"), ("CO", "America/Bogota"), ("CR", "America/Costa_Rica"),
    ("CY", "Asia/Nicosia"), ("CZ", "Europe/Prague"), ("DE", "Europe/Berlin"),
    ("DK", "Europe/Copenhagen"), ("DZ", "Africa/Algiers"), ("EC", "America/Guayaquil"),
    ("EE", "Europe/Tallinn"), ("EG", "Africa/Cairo"), ("ES", "Europe/Madrid"),
    ("FI", "Europe/Helsinki"), ("FR", "Europe/Paris"), ("GB", "Europe/London"),
    ("GH", "Africa/Accra"), ("GR", "Europe/Athens"), ("GT", "America/Guatemala"),
    ("HK", "Asia/Hong_Kong"), ("HR", "Europe/Zagreb"), ("HU", "Europe/Budapest"),
    ("ID", "Asia/Jakarta"), ("IE", "Europe/Dublin"), ("IL", "Asia/Jerusalem"),
    ("IN", "Asia/Kolkata"), ("IQ", "Asia/Baghdad"), ("IR", "Asia/Tehran"),
    ("IS", "Atlantic/Reykjavik"), ("IT", "Europe/Rome"), ("JM", "America/Jamaica"),
    ("JO", "Asia/Amman"), ("JP", "Asia/Tokyo"), ("KE", "Africa/Nairobi"), ("KR", "Asia/Seoul"),
    ("KW", "Asia/Kuwait"), ("KZ", "Asia/Almaty"), ("LB", "Asia/Beirut"), ("LI", "Europe/Vaduz"),
    ("LK", "Asia/Colombo"), ("LT", "Europe/Vilnius"), ("LU", "Europe/Luxembourg"),
    ("LV", "Europe/Riga"), ("MA", "Africa/Casablanca"), ("MO", "Asia/Macau"),
    ("MT", "Europe/Malta"), ("MX", "America/Mexico_City"), ("MY", "Asia/Kuala_Lumpur"),
    ("NG", "Africa/Lagos"), ("NL", "Europe/Amsterdam"), ("NO", "Europe/Oslo"),
    ("NZ", "Pacific/Auckland"), ("OM", "Asia/Muscat"), ("PA", "America/Panama"),
    ("PE", "America/Lima"), ("PH", "Asia/Manila"), ("PK", "Asia/Karachi"),
    ("PL", "Europe/Warsaw"), ("PS", "Asia/Hebron"), ("PT", "Europe/Lisbon"), ("QA", "Asia/Qatar"),
    ("RO", "Europe/Bucharest"), ("RS", "Europe/Belgrade"), ("RU", "Europe/Moscow"),
    ("SA", "Asia/Riyadh"), ("SE", "Europe/Stockholm"), ("SG", "Asia/Singapore"),
    ("SI", "Europe/Ljubljana"), ("SK", "Europe/Bratislava"), ("TH", "Asia/Bangkok"),
    ("TR", "Europe/Istanbul"), ("TW", "Asia/Taipei"), ("UA", "Europe/Kyiv"),
    ("US", "America/New_York"), ("UY", "America/Montevideo"), ("VE", "America/Caracas"),
    ("VN", "Asia/Ho_Chi_Minh"), ("ZA", "Africa/Johannesburg"),
    // U.S. territories written as countries.
    ("AS", "Pacific/Pago_Pago"), ("GU", "Pacific/Guam"), ("MP", "Pacific/Saipan"),
    ("PR", "America/Puerto_Rico"), ("VI", "America/St_Thomas"), ("UM", "Pacific/Wake"),
];

/// How a source's state was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateReading {
    /// No state given.
    None,
    /// One ISO 3166-2 code of the country; `by_name` if it was written as a name.
    Code { code: String, by_name: bool },
    /// Several valid codes (the split between them is unknown).
    Several(Vec<String>),
    /// Something that is not a subdivision of the country.
    Unreadable,
}

/// Reads a source's state (`SC`, `US-SC`, `Georgia`, `US-IA,US-IL`, `JP-13`) for `country` (an
/// ISO 3166-1 code).
pub fn read_state(country: &str, state: &str) -> StateReading {
    let parts: Vec<&str> = state
        .split([',', ';', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return StateReading::None;
    }
    let mut codes: Vec<(String, bool)> = Vec::new();
    for p in &parts {
        match one_state(country, p) {
            Some(c) => {
                if !codes.iter().any(|(x, _)| *x == c.0) {
                    codes.push(c);
                }
            }
            None => return StateReading::Unreadable,
        }
    }
    if codes.len() == 1 {
        let (code, by_name) = codes.remove(0);
        StateReading::Code { code, by_name }
    } else {
        StateReading::Several(codes.into_iter().map(|(c, _)| c).collect())
    }
}

fn one_state(country: &str, s: &str) -> Option<(String, bool)> {
    let up = s.to_ascii_uppercase();
    let full = if up.starts_with(&format!("{country}-")) {
        up.clone()
    } else {
        format!("{country}-{up}")
    };
    if vocab::is_subdivision(&full) {
        return Some((full, false));
    }
    if country == "US" {
        let name = s.trim().to_lowercase();
        if let Some((code, _, _)) = US_STATES.iter().find(|(_, n, _)| n.to_lowercase() == name) {
            let full = format!("US-{code}");
            if vocab::is_subdivision(&full) {
                return Some((full, true));
            }
        }
    }
    None
}

/// The zone guessed for a place: a U.S. state's zone, else the country's, else `None` (UTC).
pub fn zone_for(country: Option<&str>, subdivision: Option<&str>) -> Option<Tz> {
    if let Some(sub) = subdivision
        && let Some(st) = sub.strip_prefix("US-")
        && let Some((_, _, z)) = US_STATES.iter().find(|(c, _, _)| *c == st)
    {
        return z.parse().ok();
    }
    let country = country?;
    COUNTRY_ZONES
        .iter()
        .find(|(c, _)| *c == country)
        .and_then(|(_, z)| z.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_in_the_tables_exists() {
        for (_, _, z) in US_STATES {
            assert!(z.parse::<Tz>().is_ok(), "{z}");
        }
        for (c, z) in COUNTRY_ZONES {
            assert!(z.parse::<Tz>().is_ok(), "{z}");
            assert!(vocab::is_country(c), "{c}");
        }
        for (c, _, _) in US_STATES {
            assert!(vocab::is_subdivision(&format!("US-{c}")), "US-{c}");
        }
    }

    #[test]
    fn states_in_the_spellings_vcdb_uses() {
        let code = |c: &str, by_name| StateReading::Code {
            code: c.into(),
            by_name,
        };
        assert_eq!(read_state("US", "SC"), code("US-SC", false));
        assert_eq!(read_state("US", "US-CA"), code("US-CA", false));
        assert_eq!(read_state("US", "Georgia"), code("US-GA", true));
        assert_eq!(read_state("US", "Missouri "), code("US-MO", true));
        assert_eq!(read_state("JP", "JP-13"), code("JP-13", false));
        assert_eq!(read_state("ES", "ES-AN"), code("ES-AN", false));
        assert_eq!(read_state("US", "US-77"), StateReading::Unreadable);
        assert_eq!(read_state("MX", "X-DF"), StateReading::Unreadable);
        assert_eq!(read_state("US", " "), StateReading::None);
        assert_eq!(
            read_state("US", "US-IA,US-IL,US-KS"),
            StateReading::Several(vec!["US-IA".into(), "US-IL".into(), "US-KS".into()])
        );
        // A state of another country is not read as one of this country's.
        assert_eq!(read_state("JP", "US-CA"), StateReading::Unreadable);
    }

    #[test]
    fn zones_from_state_then_country() {
        assert_eq!(zone_for(Some("KR"), None), Some(chrono_tz::Asia::Seoul));
        assert_eq!(
            zone_for(Some("JP"), Some("JP-13")),
            Some(chrono_tz::Asia::Tokyo)
        );
        assert_eq!(
            zone_for(Some("US"), Some("US-CA")),
            Some(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(
            zone_for(Some("US"), None),
            Some(chrono_tz::America::New_York)
        );
        assert_eq!(zone_for(Some("GB"), None), Some(chrono_tz::Europe::London));
        assert_eq!(zone_for(Some("KZ"), None), Some(chrono_tz::Asia::Almaty));
        assert_eq!(zone_for(Some("TV"), None), None);
        assert_eq!(zone_for(None, None), None);
    }
}
