#include "replicadataset.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include <algorithm>
#include <array>

namespace a911::replica {

namespace {

struct Town
{
    const char *name;
    double lat, lon;
};

struct AgencySeed
{
    const char *id, *name, *address, *city, *state, *zip;
    double lat, lon;
    std::array<Town, 4> towns;
    std::array<const char *, 14> streets;
    std::array<const char *, 10> places;
    std::array<const char *, 8> units;
    std::array<PageGroup, 5> pagegroups; // the first one is the all-call group
    const char *incidentPrefix;
    const char *phonePrefix;
    int alertCount;
};

// Fictional agencies in real towns, so addresses and coordinates look right on a map.
const AgencySeed kAgencies[] = {
    {"30712", "North Valley Fire & Rescue", "2150 Mill Creek Rd", "Silverton", "OR", "97381",
     45.00490210, -122.78339650,
     {{{"Silverton", 45.0051, -122.7831},
       {"Mt Angel", 45.0679, -122.8001},
       {"Scotts Mills", 44.9437, -122.6662},
       {"Sublimity", 44.8296, -122.7948}}},
     {"N WATER ST", "S WATER ST", "MAIN ST", "OAK ST", "PINE ST", "HILLCREST DR", "MILL CREEK RD",
      "SILVER FALLS HWY SE", "CASCADE HWY NE", "JEFFERSON ST", "C ST", "MCCLAINE ST",
      "DOWNS RD NE", "ABIQUA RD NE"},
     {"SILVERTON HOSPITAL", "SAFEWAY", "SILVERTON HIGH SCHOOL", "OREGON GARDEN",
      "COOLIDGE MCCLAINE PARK", "MT ANGEL ABBEY", "SILVER FALLS STATE PARK",
      "FOREST RIDGE APARTMENTS", "SUBLIMITY MARKET", "ROBERT FROST ELEMENTARY"},
     {"E41", "E42", "M41", "M42", "R41", "BR41", "WT41", "C41"},
     {{{QStringLiteral("All Call"), QStringLiteral("AC")},
       {QStringLiteral("Station 41"), QStringLiteral("S41")},
       {QStringLiteral("Station 42"), QStringLiteral("S42")},
       {QStringLiteral("EMS"), QStringLiteral("EMS")},
       {QStringLiteral("Officers"), QStringLiteral("OFF")}}},
     "NVF",
     "503-555-01",
     320},
    {"41865", "Lakeshore County EMS", "415 W Lake St", "Ludington", "MI", "49431", 43.95534810,
     -86.45257640,
     {{{"Ludington", 43.9553, -86.4526},
       {"Scottville", 43.9547, -86.2804},
       {"Pentwater", 43.7817, -86.4326},
       {"Custer", 43.9497, -86.2195}}},
     {"W LUDINGTON AVE", "E LUDINGTON AVE", "N JAMES ST", "S WASHINGTON AVE", "LAKESHORE DR",
      "US HWY 10", "PERE MARQUETTE HWY", "BRYANT RD", "DIANA ST", "FERRY ST", "ROWE ST",
      "N DEWEY RD", "S STILES RD", "JOHNSON RD"},
     {"SPECTRUM HEALTH LUDINGTON", "LUDINGTON STATE PARK", "STEARNS PARK BEACH",
      "LAKE MICHIGAN CARFERRY DOCK", "MEIJER", "LUDINGTON HIGH SCHOOL", "HOUSE OF FLAVORS",
      "LAKESIDE REHAB CENTER", "PENTWATER MARINA", "SCOTTVILLE RIVERSIDE PARK"},
     {"M12", "M14", "M15", "E11", "R11", "L11", "MR1", "C1"},
     {{{QStringLiteral("All Call"), QStringLiteral("ALL")},
       {QStringLiteral("Ludington Station"), QStringLiteral("LS")},
       {QStringLiteral("Scottville Station"), QStringLiteral("SS")},
       {QStringLiteral("ALS Medics"), QStringLiteral("ALS")},
       {QStringLiteral("Dive Team"), QStringLiteral("DIVE")}}},
     "LCE",
     "231-555-01",
     230},
};

struct CallType
{
    const char *code, *description, *priority;
    std::array<const char *, 3> details;
    int weight;
    bool medical;
};

const CallType kCallTypes[] = {
    {"MED-BR", "BREATHING PROBLEMS", "1",
     {"84 YOF DIFFICULTY BREATHING, HX COPD, ON 2L O2", "PT C/O SOB, ABLE TO SPEAK FULL SENTENCES",
      "ASTHMA ATTACK, INHALER NOT HELPING"},
     9, true},
    {"MED-CP", "CHEST PAIN", "1",
     {"62 YOM CHEST PAIN RADIATING TO L ARM, CONSCIOUS AND BREATHING",
      "PT C/O CHEST PRESSURE X 30 MIN, HX MI", "CHEST PAIN AFTER EXERTION, DIAPHORETIC"},
     8, true},
    {"MED-FALL", "FALL", "2",
     {"78 YOF FELL IN BATHROOM, POSS HIP INJURY, NOT ABLE TO GET UP",
      "FALL FROM LADDER APPROX 8 FT, CONSCIOUS", "GROUND LEVEL FALL, LAC TO HEAD"},
     9, true},
    {"MED-UNC", "UNCONSCIOUS / FAINTING", "1",
     {"PT PASSED OUT AT CHECKOUT, NOW CONSCIOUS", "UNRESPONSIVE MALE IN VEHICLE, BREATHING",
      "SYNCOPAL EPISODE, 45 YOF"},
     6, true},
    {"MED-SZ", "SEIZURE", "1",
     {"ACTIVE SEIZURE, 19 YOM, HX EPILEPSY", "SEIZURE NOW POSTICTAL", "FIRST TIME SEIZURE, 3 YO"},
     4, true},
    {"MED-DIAB", "DIABETIC PROBLEM", "2",
     {"BLOOD SUGAR 38 PER FAMILY, PT CONFUSED", "DIABETIC, NOT ACTING RIGHT",
      "LOW BLOOD SUGAR, JUICE GIVEN"},
     4, true},
    {"OD", "OVERDOSE / POISONING", "1",
     {"POSS OD, NARCAN ON SCENE", "CHILD INGESTED UNKNOWN PILLS, POISON CONTROL ON LINE",
      "INTENTIONAL OD PER CALLER, LE STAGING"},
     3, true},
    {"LIFT", "LIFT ASSIST", "3",
     {"NON-INJURY LIFT ASSIST, 1 PT", "LIFT ASSIST, PT ON FLOOR NEXT TO BED",
      "LIFT ASSIST REQUESTED BY CAREGIVER"},
     5, true},
    {"MVA-PI", "MOTOR VEHICLE ACCIDENT W/ INJURIES", "1",
     {"2 VEH, 1 PT C/O NECK PAIN, VEHICLES BLOCKING NB LANE", "ROLLOVER, 1 OCC, SELF EXTRICATED",
      "VEH VS PEDESTRIAN, PT CONSCIOUS"},
     6, false},
    {"MVA-NI", "MOTOR VEHICLE ACCIDENT NO INJURIES", "3",
     {"2 VEH NON-INJ, FLUIDS IN ROADWAY", "VEH IN DITCH, DRIVER OUT AND WALKING",
      "MINOR REAR END, TRAFFIC HAZARD"},
     4, false},
    {"SF-RES", "STRUCTURE FIRE - RESIDENTIAL", "1",
     {"SMOKE SHOWING FROM 2ND FLOOR, ALL OCCUPANTS OUT PER RP", "KITCHEN FIRE, EXTENDING TO CABINETS",
      "FLAMES VISIBLE FROM ROOF, UNK IF OCCUPIED"},
     3, false},
    {"SF-COM", "STRUCTURE FIRE - COMMERCIAL", "1",
     {"SMOKE FROM ROOF VENTS, BUSINESS CLOSED", "FIRE IN DUMPSTER ENCLOSURE EXTENDING TO BLDG",
      "ALARM CO REPORTS WATERFLOW AND SMOKE DETECTOR"},
     1, false},
    {"FA-COM", "FIRE ALARM - COMMERCIAL", "2",
     {"GENERAL FIRE ALARM, ZONE 3, KEYHOLDER ENROUTE", "PULL STATION ACTIVATION, EAST WING",
      "SMOKE DETECTOR 2ND FLOOR, NO VISIBLE SMOKE PER STAFF"},
     5, false},
    {"CO-ALM", "CARBON MONOXIDE ALARM", "2",
     {"CO DETECTOR SOUNDING, NO SYMPTOMS", "CO ALARM, OCCUPANTS C/O HEADACHE",
      "CO ALARM, FAMILY OUTSIDE"},
     3, false},
    {"GAS-ODR", "ODOR OF NATURAL GAS", "2",
     {"STRONG ODOR OF GAS IN BASEMENT", "GAS ODOR OUTSIDE NEAR METER", "CONTRACTOR HIT GAS LINE"},
     2, false},
    {"BRUSH", "BRUSH / GRASS FIRE", "2",
     {"APPROX 1/4 ACRE, SLOW ROS, NO STRUCTURES THREATENED", "DEBRIS BURN ESCAPED CONTROL",
      "SMOKE COLUMN VISIBLE FROM HWY"},
     3, false},
    {"VEH-FIRE", "VEHICLE FIRE", "2",
     {"CAR FULLY INVOLVED IN PARKING LOT", "SMOKE FROM ENGINE COMPARTMENT, DRIVER OUT",
      "SEMI TRAILER BRAKES ON FIRE"},
     2, false},
    {"WIRES", "WIRES DOWN", "3",
     {"POWER LINE DOWN ACROSS ROADWAY, ARCING PER RP", "LINE DOWN IN YARD AFTER WIND",
      "TREE ON WIRES, SPARKING"},
     2, false},
    {"TREE", "TREE DOWN", "3",
     {"TREE BLOCKING BOTH LANES", "LARGE LIMB ON ROADWAY", "TREE ON VEHICLE, NO OCCUPANTS"},
     2, false},
    {"SMOKE-INV", "SMOKE INVESTIGATION", "3",
     {"RP SMELLS SMOKE IN AREA, UNK SOURCE", "LIGHT SMOKE IN NEIGHBORHOOD",
      "SMOKE FROM CHIMNEY LOOKS UNUSUAL PER RP"},
     2, false},
    {"WATER-RES", "WATER RESCUE", "1",
     {"KAYAKER IN THE WATER NEAR PIER, RP LOST SIGHT", "SWIMMER IN DISTRESS PAST SANDBAR",
      "VEH INTO WATER, OCC UNK"},
     1, false},
    {"HAZMAT", "HAZARDOUS MATERIALS", "2",
     {"UNKNOWN LIQUID LEAKING FROM TRUCK", "FUEL SPILL APPROX 20 GAL AT PUMP",
      "CHLORINE ODOR AT POOL"},
     1, false},
    {"MUTAID", "MUTUAL AID REQUEST", "2",
     {"MUTUAL AID FOR WATER TENDER", "MOVE UP AND COVER STATION", "ASSIST ON SECOND ALARM"},
     1, false},
};

const char *const kNotices[] = {
    "TRAINING TONIGHT 1900 AT STATION. SCBA CONFIDENCE COURSE.",
    "REMINDER: APPARATUS CHECKS SATURDAY 0800.",
    "MONTHLY BUSINESS MEETING MOVED TO THURSDAY.",
    "HYDRANT FLUSHING THIS WEEK ON THE NORTH SIDE. EXPECT LOW PRESSURE.",
    "ROAD CLOSURE ON MAIN ROUTE FOR PAVING. USE ALTERNATE ROUTES.",
};

const char *const kFirstInitials = "ABCDEGJKLMNRST";
const char *const kSurnames[] = {"Smith",   "Rivera",  "Morgan",  "Haugen",    "Patel",
                                 "Nguyen",  "Brooks",  "Kowalski", "Johnson",  "Schmidt",
                                 "Garcia",  "Olsen",   "Miller",  "Thompson",  "Yoder",
                                 "Larsen",  "Hernandez", "Walsh", "Anderson",  "Becker",
                                 "Fischer", "Clark",   "Dvorak",  "Martinez",  "Wright"};
const char *const kPhones[] = {"iPhone", "iPhone 14", "Pixel 7", "Galaxy S22", "Galaxy A54",
                               "iPad"};

QString initialName(QRandomGenerator &rng)
{
    const int initials = int(qstrlen(kFirstInitials));
    return QString(QLatin1Char(kFirstInitials[rng.bounded(initials)])) + QLatin1String(". ")
        + QLatin1String(kSurnames[rng.bounded(int(std::size(kSurnames)))]);
}

double jitter(QRandomGenerator &rng, double spread)
{
    return (rng.generateDouble() * 2.0 - 1.0) * spread;
}

template <typename T, std::size_t N>
const T &pick(QRandomGenerator &rng, const std::array<T, N> &items)
{
    return items[std::size_t(rng.bounded(int(N)))];
}

QString asText(const char *text)
{
    return QString::fromLatin1(text);
}

// "M41" -> "41": apparatus names use the unit's number.
QString unitNumber(const QString &unit)
{
    int i = 0;
    while (i < unit.size() && !unit.at(i).isDigit())
        ++i;
    return unit.mid(i);
}

// "BR41" -> "Brush": the apparatus type a unit designator stands for.
QString apparatusWord(const QString &unit)
{
    static const QList<QPair<QLatin1String, QLatin1String>> kWords{
        {QLatin1String("BR"), QLatin1String("Brush")}, {QLatin1String("WT"), QLatin1String("Tender")},
        {QLatin1String("MR"), QLatin1String("Marine")}, {QLatin1String("E"), QLatin1String("Engine")},
        {QLatin1String("M"), QLatin1String("Medic")},   {QLatin1String("R"), QLatin1String("Rescue")},
        {QLatin1String("L"), QLatin1String("Ladder")},  {QLatin1String("C"), QLatin1String("Chief")}};
    for (const auto &w : kWords) {
        if (unit.startsWith(w.first))
            return w.second;
    }
    return QStringLiteral("Unit");
}

} // namespace

ReplicaDataset::ReplicaDataset(quint32 seed, const QDateTime &epoch)
{
    generate(seed, epoch);
}

void ReplicaDataset::generate(quint32 seed, const QDateTime &epoch)
{
    QRandomGenerator rng(seed);
    const QDateTime now = epoch.toUTC();

    // Devices: apparatus-bound phones, personal phones and station tablets.
    qint64 deviceId = 2318400 + rng.bounded(5000);
    for (const AgencySeed &s : kAgencies) {
        AgencyRecord agency{asText(s.id), asText(s.name), asText(s.address), asText(s.city),
                            asText(s.state), asText(s.zip), s.lat, s.lon, {}};
        const int deviceCount = 14 + rng.bounded(4);
        for (int i = 0; i < deviceCount; ++i) {
            DeviceRecord d;
            deviceId += 1 + rng.bounded(900);
            d.id = QString::number(deviceId);
            const QString person = initialName(rng);
            switch (rng.bounded(4)) {
            case 0:
            case 1: {
                const QString unit = asText(s.units[std::size_t(i) % s.units.size()]);
                const QString word = apparatusWord(unit);
                d.name = word + QLatin1Char(' ') + unitNumber(unit)
                    + QLatin1String(" - ") + person;
                break;
            }
            case 2:
                d.name = person + QLatin1Char(' ')
                    + QLatin1String(kPhones[rng.bounded(int(std::size(kPhones)))]);
                break;
            default:
                d.name = QLatin1String(kPhones[rng.bounded(int(std::size(kPhones)))])
                    + QLatin1String(" (") + person + QLatin1Char(')');
                break;
            }
            if (i == 0)
                d.name = QLatin1String("Station ") + unitNumber(asText(s.units[0]))
                    + QLatin1String(" Tablet");
            const Town &town = pick(rng, s.towns);
            d.latitude = town.lat + jitter(rng, 0.03);
            d.longitude = town.lon + jitter(rng, 0.03);
            d.positionAccuracy = 5 + rng.bounded(60);
            d.positionTimestamp = now.addSecs(-qint64(rng.bounded(3 * 86400)));
            d.agencyIds = {agency.id};
            d.pagegroupPrefixes = {s.pagegroups[0].prefix};
            for (std::size_t g = 1; g < s.pagegroups.size(); ++g) {
                if (rng.bounded(3) == 0)
                    d.pagegroupPrefixes.append(s.pagegroups[g].prefix);
            }
            agency.deviceIds.append(d.id);
            m_deviceIndex.insert(d.id, int(m_devices.size()));
            m_devices.push_back(d);
        }
        m_agencies.push_back(agency);
    }
    // A chief who also volunteers in the other agency: devices may belong to several.
    {
        DeviceRecord &shared = m_devices[std::size_t(m_agencies[0].deviceIds.size() / 2)];
        shared.agencyIds.append(m_agencies[1].id);
        m_agencies[1].deviceIds.append(shared.id);
    }

    // Alerts: spread over the 30 days before the epoch; ids are global and grow with time.
    struct Pending
    {
        qint64 secsBefore;
        std::size_t agency;
    };
    std::vector<Pending> pending;
    for (std::size_t a = 0; a < std::size(kAgencies); ++a) {
        for (int i = 0; i < kAgencies[a].alertCount; ++i)
            pending.push_back({qint64(rng.bounded(30 * 86400 - 120)) + 60, a});
    }
    std::sort(pending.begin(), pending.end(),
              [](const Pending &l, const Pending &r) { return l.secsBefore > r.secsBefore; });
    int totalWeight = 0;
    for (const CallType &c : kCallTypes)
        totalWeight += c.weight;

    qint64 alertId = 318400000 + rng.bounded(100000);
    int incident = 4100 + rng.bounded(800);
    for (const Pending &p : pending) {
        const AgencySeed &s = kAgencies[p.agency];
        const AgencyRecord &agency = m_agencies[p.agency];
        AlertRecord a;
        alertId += 1 + rng.bounded(60);
        a.id = QString::number(alertId);
        a.agencyId = agency.id;
        a.received = now.addSecs(-p.secsBefore);
        a.sent = a.received.addSecs(1 + rng.bounded(4));
        const Town &town = pick(rng, s.towns);
        a.city = asText(town.name);
        a.state = asText(s.state);
        a.latitude = town.lat + jitter(rng, 0.04);
        a.longitude = town.lon + jitter(rng, 0.04);
        const QString street = asText(pick(rng, s.streets));
        QString cross;
        do {
            cross = asText(pick(rng, s.streets));
        } while (cross == street);

        if (rng.bounded(100) < 4) { // an agency notice typed into the app, not from CAD
            a.source = QStringLiteral("Manual");
            a.description = QStringLiteral("NOTICE");
            a.details = asText(kNotices[rng.bounded(int(std::size(kNotices)))]);
            a.pagegroups = {s.pagegroups[0]};
            a.latitude = 0;
            a.longitude = 0;
            a.city.clear();
            a.state.clear();
        } else {
            int roll = rng.bounded(totalWeight);
            const CallType *type = &kCallTypes[0];
            for (const CallType &c : kCallTypes) {
                if (roll < c.weight) {
                    type = &c;
                    break;
                }
                roll -= c.weight;
            }
            a.source = QStringLiteral("CAD");
            a.cadCode = asText(type->code);
            a.description = asText(type->description);
            a.priority = asText(type->priority);
            a.details = asText(pick(rng, type->details)) + QLatin1String(". CALLBACK ")
                + asText(s.phonePrefix) + QStringLiteral("%1").arg(rng.bounded(100), 2, 10,
                                                                      QLatin1Char('0'));
            if (rng.bounded(3) == 0)
                a.place = asText(pick(rng, s.places));
            a.address = QString::number(100 + rng.bounded(38) * 100 + rng.bounded(99)) + QLatin1Char(' ')
                + street;
            if (rng.bounded(6) == 0)
                a.unit = QStringLiteral("APT %1").arg(1 + rng.bounded(24));
            a.crossStreet = street + QLatin1String(" / ") + cross;
            a.mapCode = QStringLiteral("%1-%2%3")
                            .arg(asText(s.incidentPrefix))
                            .arg(QLatin1Char(char('A' + rng.bounded(8))))
                            .arg(1 + rng.bounded(12));
            QStringList units{asText(pick(rng, s.units))};
            if (type->medical || rng.bounded(2) == 0) {
                const QString extra = asText(pick(rng, s.units));
                if (!units.contains(extra))
                    units.append(extra);
            }
            a.units = units.join(QLatin1Char(' '));
            a.externalData = QStringLiteral("%1%2-%3")
                                 .arg(asText(s.incidentPrefix))
                                 .arg(a.sent.date().year() % 100)
                                 .arg(++incident, 6, 10, QLatin1Char('0'));
            a.pagegroups = {s.pagegroups[0]};
            const PageGroup &second = s.pagegroups[std::size_t(1 + rng.bounded(4))];
            if (rng.bounded(2) == 0)
                a.pagegroups = {second};
            else if (rng.bounded(3) == 0)
                a.pagegroups.append(second);
        }

        // Paged devices answer in the first minutes; some later arrive or cancel.
        for (const QString &id : agency.deviceIds) {
            const DeviceRecord &d = m_devices[std::size_t(m_deviceIndex.value(id))];
            const bool paged = std::any_of(a.pagegroups.cbegin(), a.pagegroups.cend(),
                                           [&](const PageGroup &g) {
                                               return d.pagegroupPrefixes.contains(g.prefix);
                                           });
            if (!paged)
                continue;
            a.recipientIds.append(id);
            if (a.source == QLatin1String("Manual") || rng.bounded(100) >= 45)
                continue;
            QDateTime at = a.sent.addSecs(10 + rng.bounded(240));
            const bool watching = rng.bounded(4) == 0;
            a.responses.append({id, at, watching ? QStringLiteral("watch") : QStringLiteral("respond")});
            if (!watching) {
                at = at.addSecs(240 + rng.bounded(900));
                if (rng.bounded(5) == 0)
                    a.responses.append({id, at, QStringLiteral("cancel")});
                else if (rng.bounded(2) == 0)
                    a.responses.append({id, at, QStringLiteral("arrived")});
            }
        }
        std::sort(a.responses.begin(), a.responses.end(),
                  [](const ResponseRecord &l, const ResponseRecord &r) {
                      return l.timestamp < r.timestamp;
                  });
        m_alertIndex.insert(a.id, int(m_alerts.size()));
        m_alerts.push_back(std::move(a));
    }

    // Locations: hydrants, water sources, stations, pre-plans, landing zones, hazards.
    qint64 locationId = 881200 + rng.bounded(3000);
    qint64 resourceId = 152300 + rng.bounded(3000);
    for (std::size_t ai = 0; ai < m_agencies.size(); ++ai) {
        const AgencySeed &s = kAgencies[ai];
        const AgencyRecord &agency = m_agencies[ai];
        auto addResource = [&](LocationRecord &l, const QString &title, const QString &file,
                               const QString &details) {
            ResourceRecord r;
            resourceId += 1 + rng.bounded(40);
            r.id = QString::number(resourceId);
            r.agencyId = agency.id;
            r.locationId = l.id;
            r.title = title;
            r.filename = file;
            r.extension = file.mid(file.lastIndexOf(QLatin1Char('.')) + 1);
            r.size = r.extension == QLatin1String("pdf") ? 180000 + rng.bounded(2400000)
                                                         : 900000 + rng.bounded(3200000);
            r.details = details;
            l.resourceIds.append(r.id);
            m_resourceIndex.insert(r.id, int(m_resources.size()));
            m_resources.push_back(r);
        };
        auto add = [&](LocationRecord l) {
            locationId += 1 + rng.bounded(25);
            l.id = QString::number(locationId);
            l.agencyId = agency.id;
            if (l.latitude == 0) {
                const Town &town = pick(rng, s.towns);
                l.latitude = town.lat + jitter(rng, 0.03);
                l.longitude = town.lon + jitter(rng, 0.03);
            }
            return l;
        };
        auto store = [&](const LocationRecord &l) {
            m_locationIndex.insert(l.id, int(m_locations.size()));
            m_locations.push_back(l);
        };

        for (int i = 0; i < 2; ++i) {
            LocationRecord l = add({});
            l.name = QLatin1String("Station ") + unitNumber(asText(s.units[std::size_t(i)]));
            l.description = i == 0 ? QStringLiteral("Headquarters, ") + asText(s.address)
                                   : QStringLiteral("Volunteer station, bay doors on the north side");
            l.iconId = QStringLiteral("1");
            l.iconColor = QStringLiteral("0000FF");
            l.locationType = QStringLiteral("station");
            if (i == 0) {
                l.latitude = agency.latitude;
                l.longitude = agency.longitude;
            }
            addResource(l, QStringLiteral("Station floor plan"),
                        QStringLiteral("station_%1_floor_plan.pdf").arg(i + 1),
                        QStringLiteral("Updated after the bay remodel"));
            store(l);
        }
        for (int i = 0; i < 14; ++i) {
            LocationRecord l = add({});
            const int number = 1000 + rng.bounded(900);
            static const int kFlows[] = {500, 750, 1000, 1250, 1500, 2000};
            const int flow = kFlows[rng.bounded(int(std::size(kFlows)))];
            l.name = QStringLiteral("Hydrant H-%1").arg(number);
            l.description = QStringLiteral("%1 GPM, %2\" main, %3 / %4")
                                .arg(flow)
                                .arg(flow >= 1500 ? 12 : flow >= 1000 ? 8 : 6)
                                .arg(asText(pick(rng, s.streets)), asText(pick(rng, s.streets)));
            l.iconId = QStringLiteral("2");
            // NFPA 291 colour code by flow class.
            l.iconColor = flow >= 1500 ? QStringLiteral("00AAFF")
                : flow >= 1000         ? QStringLiteral("00AA00")
                : flow >= 500          ? QStringLiteral("FF8800")
                                       : QStringLiteral("FF0000");
            l.locationType = QStringLiteral("hydrant");
            if (rng.bounded(3) == 0)
                addResource(l, QStringLiteral("Flow test %1").arg(now.date().year() - 1),
                            QStringLiteral("flow_test_H-%1.pdf").arg(number),
                            QStringLiteral("Static %1 psi, residual %2 psi")
                                .arg(55 + rng.bounded(30))
                                .arg(30 + rng.bounded(20)));
            store(l);
        }
        static const char *const kWater[] = {"Drafting site - Mill Pond", "Dry hydrant - Quarry Lake",
                                             "Cistern - Orchard Heights", "Drafting site - River Park"};
        for (const char *name : kWater) {
            LocationRecord l = add({});
            l.name = asText(name);
            l.description = QStringLiteral("Year-round, approx %1,000 gal, 6\" dry hydrant")
                                .arg(20 + rng.bounded(180));
            l.iconId = QStringLiteral("3");
            l.iconColor = QStringLiteral("00CCCC");
            l.locationType = QStringLiteral("water_source");
            addResource(l, QStringLiteral("Access photo"),
                        QStringLiteral("water_access_%1.jpg").arg(l.id), QStringLiteral("Approach from the gravel lot"));
            store(l);
        }
        for (int i = 0; i < 4; ++i) {
            LocationRecord l = add({});
            const QString place = asText(s.places[std::size_t(i)]);
            l.name = QStringLiteral("Pre-plan: ") + place;
            l.description = QStringLiteral("FDC on the %1 side, Knox box at main entrance")
                                .arg(asText(pick(rng, std::array<const char *, 4>{
                                    "north", "south", "east", "west"})));
            l.iconId = QStringLiteral("4");
            l.iconColor = QStringLiteral("AA00AA");
            l.locationType = QStringLiteral("preplan");
            addResource(l, QStringLiteral("Pre-incident plan"),
                        QStringLiteral("preplan_%1.pdf").arg(l.id),
                        QStringLiteral("Utilities, hazards, occupancy and FDC location"));
            addResource(l, QStringLiteral("Aerial photo"), QStringLiteral("aerial_%1.jpg").arg(l.id),
                        QStringLiteral("Taken during the annual walk-through"));
            store(l);
        }
        {
            LocationRecord l = add({});
            l.name = QStringLiteral("LZ - ") + asText(s.places[4]);
            l.description = QStringLiteral("Helicopter landing zone, 100x100 ft, wires to the east");
            l.iconId = QStringLiteral("5");
            l.iconColor = QStringLiteral("FFFF00");
            l.locationType = QStringLiteral("landing_zone");
            store(l);
        }
        {
            LocationRecord l = add({});
            l.name = QStringLiteral("Hazard - Anhydrous ammonia tank");
            l.description = QStringLiteral("1,000 gal nurse tank behind the co-op, shutoff at the fence");
            l.iconId = QStringLiteral("6");
            l.iconColor = QStringLiteral("FF0000");
            l.locationType = QStringLiteral("hazard");
            addResource(l, QStringLiteral("Tier II report"), QStringLiteral("tier2_%1.pdf").arg(l.id),
                        QStringLiteral("Reported quantities and emergency contacts"));
            store(l);
        }
    }
    m_nextLocationId = locationId + 17;
}

const AgencyRecord *ReplicaDataset::agency(const QString &id) const
{
    for (const AgencyRecord &a : m_agencies) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

template <typename T>
static const T *lookup(const std::vector<T> &items, const QHash<QString, int> &index,
                       const QString &id)
{
    const auto it = index.constFind(id);
    return it == index.cend() ? nullptr : &items[std::size_t(*it)];
}

const DeviceRecord *ReplicaDataset::device(const QString &id) const
{
    return lookup(m_devices, m_deviceIndex, id);
}

const AlertRecord *ReplicaDataset::alert(const QString &id) const
{
    return lookup(m_alerts, m_alertIndex, id);
}

const LocationRecord *ReplicaDataset::location(const QString &id) const
{
    return lookup(m_locations, m_locationIndex, id);
}

const ResourceRecord *ReplicaDataset::resource(const QString &id) const
{
    return lookup(m_resources, m_resourceIndex, id);
}

QList<const AlertRecord *> ReplicaDataset::alerts(const QString &agencyId,
                                                  const QString &deviceId,
                                                  const QDateTime &from,
                                                  const QDateTime &to) const
{
    QList<const AlertRecord *> out;
    for (auto it = m_alerts.crbegin(); it != m_alerts.crend(); ++it) {
        if (it->agencyId != agencyId || it->sent > to)
            continue;
        if (it->sent < from)
            break;
        if (deviceId.isEmpty() || it->recipientIds.contains(deviceId))
            out.append(&*it);
    }
    return out;
}

QList<const LocationRecord *> ReplicaDataset::locations(const QString &agencyId) const
{
    QList<const LocationRecord *> out;
    for (auto it = m_locations.crbegin(); it != m_locations.crend(); ++it) {
        if (it->agencyId == agencyId)
            out.append(&*it);
    }
    return out;
}

const LocationRecord &ReplicaDataset::addLocation(LocationRecord location)
{
    location.id = QString::number(m_nextLocationId++);
    m_locationIndex.insert(location.id, int(m_locations.size()));
    m_locations.push_back(std::move(location));
    return m_locations.back();
}

QString ReplicaDataset::coordinate(double value)
{
    return QString::number(value, 'f', 8);
}

QString ReplicaDataset::timestamp(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QJsonObject ReplicaDataset::ref(const QString &apiBase, const QString &kind, const QString &id)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("uri"), QString(apiBase + kind + QLatin1Char('/') + id)}};
}

QJsonObject ReplicaDataset::agencyJson(const AgencyRecord &a, const QString &apiBase) const
{
    QJsonArray devices;
    for (const QString &id : a.deviceIds)
        devices.append(ref(apiBase, QStringLiteral("devices"), id));
    return {{QStringLiteral("id"), a.id},
            {QStringLiteral("name"), a.name},
            {QStringLiteral("address"), a.address},
            {QStringLiteral("city"), a.city},
            {QStringLiteral("state"), a.state},
            {QStringLiteral("zip"), a.zip},
            {QStringLiteral("latitude"), coordinate(a.latitude)},
            {QStringLiteral("longitude"), coordinate(a.longitude)},
            {QStringLiteral("devices"), devices}};
}

QJsonObject ReplicaDataset::deviceJson(const DeviceRecord &d, const QString &apiBase) const
{
    QJsonArray agencies;
    for (const QString &id : d.agencyIds)
        agencies.append(ref(apiBase, QStringLiteral("agencies"), id));
    return {{QStringLiteral("id"), d.id},
            {QStringLiteral("name"), d.name},
            {QStringLiteral("latitude"), coordinate(d.latitude)},
            {QStringLiteral("longitude"), coordinate(d.longitude)},
            {QStringLiteral("position_accuracy"), QString::number(d.positionAccuracy)},
            {QStringLiteral("position_timestamp"), timestamp(d.positionTimestamp)},
            {QStringLiteral("agencies"), agencies}};
}

QJsonObject ReplicaDataset::alertJson(const AlertRecord &a, const QString &apiBase,
                                      bool withResponses) const
{
    QJsonArray pagegroups;
    for (const PageGroup &g : a.pagegroups)
        pagegroups.append(QJsonObject{{QStringLiteral("title"), g.title},
                                      {QStringLiteral("prefix"), g.prefix}});
    QJsonArray responses;
    if (withResponses) {
        for (const ResponseRecord &r : a.responses)
            responses.append(
                QJsonObject{{QStringLiteral("device"), ref(apiBase, QStringLiteral("devices"), r.deviceId)},
                            {QStringLiteral("timestamp"), timestamp(r.timestamp)},
                            {QStringLiteral("response"), r.response}});
    }
    return {{QStringLiteral("id"), a.id},
            {QStringLiteral("agency"), ref(apiBase, QStringLiteral("agencies"), a.agencyId)},
            {QStringLiteral("place"), a.place},
            {QStringLiteral("address"), a.address},
            {QStringLiteral("unit"), a.unit},
            {QStringLiteral("city"), a.city},
            {QStringLiteral("state"), a.state},
            {QStringLiteral("latitude"), coordinate(a.latitude)},
            {QStringLiteral("longitude"), coordinate(a.longitude)},
            {QStringLiteral("source"), a.source},
            {QStringLiteral("units"), a.units},
            {QStringLiteral("cad_code"), a.cadCode},
            {QStringLiteral("priority"), a.priority},
            {QStringLiteral("details"), a.details},
            {QStringLiteral("sent"), timestamp(a.sent)},
            {QStringLiteral("description"), a.description},
            {QStringLiteral("pagegroups"), pagegroups},
            {QStringLiteral("map_code"), a.mapCode},
            {QStringLiteral("received"), timestamp(a.received)},
            {QStringLiteral("cross_street"), a.crossStreet},
            {QStringLiteral("external_data"), a.externalData},
            {QStringLiteral("responses"), responses}};
}

QJsonObject ReplicaDataset::locationJson(const LocationRecord &l, const QString &apiBase) const
{
    QJsonArray resources;
    for (const QString &id : l.resourceIds)
        resources.append(ref(apiBase, QStringLiteral("resources"), id));
    return {{QStringLiteral("id"), l.id},
            {QStringLiteral("name"), l.name},
            {QStringLiteral("description"), l.description},
            {QStringLiteral("icon_id"), l.iconId},
            {QStringLiteral("icon_color"), l.iconColor},
            {QStringLiteral("latitude"), coordinate(l.latitude)},
            {QStringLiteral("longitude"), coordinate(l.longitude)},
            {QStringLiteral("location_type"), l.locationType},
            {QStringLiteral("resources"), resources}};
}

QJsonObject ReplicaDataset::resourceJson(const ResourceRecord &r, const QString &apiBase) const
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("title"), r.title},
            {QStringLiteral("filename"), r.filename},
            {QStringLiteral("extension"), r.extension},
            {QStringLiteral("size"), QString::number(r.size)},
            {QStringLiteral("details"), r.details},
            {QStringLiteral("agency"), ref(apiBase, QStringLiteral("agencies"), r.agencyId)},
            {QStringLiteral("location"), ref(apiBase, QStringLiteral("locations"), r.locationId)}};
}

} // namespace a911::replica
