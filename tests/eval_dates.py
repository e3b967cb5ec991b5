"""Precision and recall of warta.dates.find_dates over a labelled set of sentences.

Each case is a sentence and the dates a careful reader finds in it, as (span, date at its
precision). Spans are substrings of the sentence; a found mention counts when it overlaps
the span and gives the same date at the same precision. Year-less and relative dates are
resolved against ANCHOR, a Friday. Run from the project root:

    .venv/bin/python tests/eval_dates.py
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from warta.dates import DateMention, DateWords, find_dates, load_words, publication_date  # noqa: E402
from warta.model import Block, Line  # noqa: E402

ANCHOR = dt.date(2024, 6, 21)

Case = tuple[str, tuple[tuple[str, str], ...]]

CASES: tuple[Case, ...] = (
    # Indonesian, explicit
    (
        "Kesepakatan itu diselesaikan pada Rabu (19/6/2024) setelah pembicaraan berjam-jam.",
        (("Rabu (19/6/2024)", "2024-06-19"),),
    ),
    ("Putin tiba di Pyongyang pada 19 Juni 2024 dini hari.", (("19 Juni 2024", "2024-06-19"),)),
    ("Keduanya bertemu di Vostochny pada 13 September 2023.", (("13 September 2023", "2023-09-13"),)),
    ("Dalam pidato September 2023, Kim berbicara soal Perang Dingin baru.", (("September 2023", "2023-09"),)),
    ("Perjanjian tahun 1961 antara Uni Soviet dan Korea Utara sudah lama batal.", (("tahun 1961", "1961"),)),
    ("Perjanjian itu diganti pada tahun 2000 ketika Putin pertama kali berkunjung.", (("pada tahun 2000", "2000"),)),
    (
        "Dokumen itu ditandatangani pada tahun 1961, 2000, dan 2001.",
        (("1961", "1961"), ("2000", "2000"), ("2001", "2001")),
    ),
    ("Mereka meratifikasinya pada 9 dan 11 November.", (("9", "2023-11-09"), ("11 November", "2023-11-11"))),
    ("Inflasi Juni 2024 tercatat 2,51 persen secara tahunan.", (("Juni 2024", "2024-06"),)),
    ("Jakarta, Kamis, 20 Juni 2024 10:15 WIB - Harga beras naik.", (("20 Juni 2024", "2024-06-20"),)),
    ("Pemilu digelar pada 14 Februari 2024 di seluruh Indonesia.", (("14 Februari 2024", "2024-02-14"),)),
    ("Sejak 2022, harga pangan terus naik.", (("Sejak 2022", "2022"),)),
    ("Pada tahun 2019, Kim mencoba bernegosiasi dengan Trump.", (("Pada tahun 2019", "2019"),)),
    ("Invasi dimulai pada 24 Februari 2022.", (("24 Februari 2022", "2022-02-24"),)),
    ("Gempa terjadi pada Senin, 21 November 2022 pukul 13.21 WIB.", (("21 November 2022", "2022-11-21"),)),
    ("Program ini berlangsung dari Mei 2022 hingga Juni 2024.", (("Mei 2022", "2022-05"), ("Juni 2024", "2024-06"))),
    ("Laporan itu terbit tanggal 03/05/2024 di situs kementerian.", (("03/05/2024", "2024-05-03"),)),
    # Indonesian, year-less and relative (resolved against the anchor)
    ("Pakta itu ditandatangani di Pyongyang pada Rabu (20/6).", (("Rabu (20/6)", "2024-06-20"),)),
    ("Pada bulan Maret, Rusia memveto pembaruan panel ahli PBB.", (("Pada bulan Maret", "2024-03"),)),
    ("Foto sebelumnya diambil pada tanggal 5 Juni.", (("5 Juni", "2024-06-05"),)),
    (
        "Kim pekan lalu memuji hubungan kedua negara pada 12 Juni.",
        (("pekan lalu", "2024-06-14"), ("12 Juni", "2024-06-12")),
    ),
    ("Bulan lalu, Putin memperingatkan negara-negara Barat.", (("Bulan lalu", "2024-05"),)),
    ("Dia menindaklanjuti peringatan itu pada hari Kamis.", (("hari Kamis", "2024-06-20"),)),
    ("Menteri itu mengundurkan diri kemarin.", (("kemarin", "2024-06-20"),)),
    ("Harga minyak naik tajam tahun ini.", (("tahun ini", "2024"),)),
    ("Tahun lalu ekspor turun sepuluh persen.", (("Tahun lalu", "2023"),)),
    ("Kunjungan Putin merupakan balasan kunjungan Kim September lalu.", (("September lalu", "2023-09"),)),
    ("Pasukan Ukraina menduduki wilayah Kursk pada bulan Agustus.", (("pada bulan Agustus", "2023-08"),)),
    (
        "Antara bulan Agustus dan Februari, Pyongyang mengirim 6.700 kontainer.",
        (("bulan Agustus", "2023-08"), ("Februari", "2024-02")),
    ),
    ("Rapat itu digelar dua pekan lalu di Jakarta.", (("dua pekan lalu", "2024-06-07"),)),
    ("Kremlin mengumumkan kunjungan dua hari mulai Selasa.", (("Selasa", "2024-06-18"),)),
    ("Pada minggu ini, kedua negara menandatangani perjanjian.", (("minggu ini", "2024-06-21"),)),
    # English
    ("The treaty was signed on June 19, 2024, in Pyongyang.", (("June 19, 2024", "2024-06-19"),)),
    ("Published 19 June 2024, updated the next day.", (("19 June 2024", "2024-06-19"),)),
    ("The record was created 2024-06-19T10:15:00Z by the system.", (("2024-06-19", "2024-06-19"),)),
    ("In 2019, talks in Hanoi collapsed without a deal.", (("In 2019", "2019"),)),
    ("The war has dragged on since 2022.", (("since 2022", "2022"),)),
    ("Kim visited Russia in September 2023.", (("September 2023", "2023-09"),)),
    ("Officials met on Tuesday to discuss the pact.", (("on Tuesday", "2024-06-18"),)),
    ("The spokesman said last week that the ties were deep.", (("last week", "2024-06-14"),)),
    ("Prices rose sharply yesterday.", (("yesterday", "2024-06-20"),)),
    ("Earlier this month the central bank held rates.", (("Earlier this month", "2024-06"),)),
    ("A G7 summit in Italy pledged a $50 billion loan in mid-June.", (("in mid-June", "2024-06"),)),
    ("The satellite launched in November, two months after the meeting.", (("in November", "2023-11"),)),
    ("Trump claimed in July that he could end the war in a day.", (("in July", "2024-07"),)),
    ("Elections are set for November 5, 2024.", (("November 5, 2024", "2024-11-05"),)),
    ("The ceasefire of 27 July 1953 ended the fighting.", (("27 July 1953", "1953-07-27"),)),
    ("Three days ago the ministry denied the report.", (("Three days ago", "2024-06-18"),)),
    ("Oktober 10, 2024", (("Oktober 10, 2024", "2024-10-10"),)),
    # Other languages
    ("Der Vertrag wurde am 19. Juni 2024 unterzeichnet.", (("19. Juni 2024", "2024-06-19"),)),
    ("Le traité a été signé le 19 juin 2024 à Pyongyang.", (("19 juin 2024", "2024-06-19"),)),
    ("El tratado se firmó el 19 de junio de 2024.", (("19 de junio de 2024", "2024-06-19"),)),
    ("Het verdrag werd op 19 juni 2024 getekend.", (("19 juni 2024", "2024-06-19"),)),
    ("Perjanjian itu dimeterai pada 19 Jun 2024 di Pyongyang.", (("19 Jun 2024", "2024-06-19"),)),
    # Number-heavy sentences that hold no date
    ("Pinjaman senilai $50 miliar ke negara yang dilanda perang.", ()),
    ("Iran menerima pesawat Rusia, tapi bukan Su-35 yang telah lama ditunggu.", ()),
    ("Pyongyang mengirim sekitar 6.700 kontainer berisi 3 juta peluru 152 mm.", ()),
    ("Atau lebih dari 500.000 butir peluncur roket ganda 122 mm.", ()),
    ("Sekitar 10.000 pasukan Korea Utara sudah berada di Rusia.", ()),
    ("Pertemuan itu dihadiri oleh lebih dari 100 negara dan organisasi.", ()),
    ("Belum ada pemimpin dunia yang berkunjung sejak pandemi Covid-19.", ()),
    ("KTT G7 negara-negara maju digelar di Italia.", ()),
    ("Iklan 3", ()),
    ("by -183 Views", ()),
    ("Hubungi kami di 0812-3456-7890 atau (021) 555-1234.", ()),
    ("The economy added 1.5 million jobs and 2,024 new firms.", ()),
    ("Skor akhir 3-1 dan 2/3 penonton pulang lebih awal.", ()),
    ("Layanan pelanggan tersedia 24/7 dengan 1.200 agen.", ()),
    ("Sekitar 2019 orang mengungsi ke 15 titik.", ()),
    ("You may 2 go now, said the officer.", ()),
    ("The 1990s saw 300 mm of rain in 12 hours.", ()),
    ("Versi 3.11.7 dirilis dengan 40 perbaikan.", ()),
    ("Sebanyak 31 Juni 2024 bukan tanggal yang sah.", ()),
    # Written after the engine was tuned, and not tuned for: the misses here are honest ones.
    ("Pada 17 Agustus 1945, Indonesia memproklamasikan kemerdekaannya.", (("17 Agustus 1945", "1945-08-17"),)),
    ("Rapat dijadwalkan pada Jumat (21/6) pukul 09.00 WIB.", (("Jumat (21/6)", "2024-06-21"),)),
    ("Harga naik 5% pada kuartal pertama 2024.", (("2024", "2024"),)),
    ("The report, released Monday, said 2,000 people fled.", (("Monday", "2024-06-17"),)),
    ("Sidang berikutnya digelar 2 Juli mendatang.", (("2 Juli", "2024-07-02"),)),
    ("On 4 July, the ship docked in Busan.", (("4 July", "2023-07-04"),)),
    ("Sejak awal 2023, lebih dari 1.000 pabrik tutup.", (("awal 2023", "2023"),)),
    ("Pada akhir Desember lalu, banjir melanda Jakarta.", (("Desember lalu", "2023-12"),)),
    ("The company was founded in 1998 and employs 5000 people.", (("in 1998", "1998"),)),
    ("Pertandingan berakhir 2-1 pada menit ke-90.", ()),
    ("Dia lahir pada 5/11/1980 di Medan.", (("5/11/1980", "1980-11-05"),)),
    ("The law takes effect on Jan. 1, 2025.", (("Jan. 1, 2025", "2025-01-01"),)),
    ("Nilai tukar Rp16.400 per dolar AS pada Jumat sore.", (("Jumat", "2024-06-21"),)),
    ("Menurut data BPS, 7,2 juta orang menganggur per Februari 2024.", (("Februari 2024", "2024-02"),)),
    ("Temperatures hit 45C on 12 June in Delhi.", (("12 June", "2024-06-12"),)),
    ("Pesawat itu membawa 180 penumpang dan 6 awak.", ()),
    ("Dalam tiga tahun terakhir, 2021-2023, angka kemiskinan turun.", (("2021", "2021"), ("2023", "2023"))),
    ("Minggu (23/6) kemarin, ribuan warga berunjuk rasa.", (("Minggu (23/6)", "2024-06-23"),)),
    ("Rusia menginvasi Ukraina pada Februari 2022 silam.", (("Februari 2022", "2022-02"),)),
    ("Le sommet aura lieu en mars 2025 à Paris.", (("mars 2025", "2025-03"),)),
)


# Languages added after the first seven, written with their answers before warta was run on them.
# Each language: a full date, month and year, a year with its marker, a day name with a day, a
# relative word, a numeric date in the country's order, and numbers that are not dates.
# Solar Hijri dates (Persian "۱۴۰۳/۰۳/۳۰") are left out: such a date must not be misread as a
# Gregorian one, so it is listed with no answer.
WORLD: dict[str, tuple[Case, ...]] = {
    "pt": (
        ("O tratado foi assinado em 19 de junho de 2024 em Pyongyang.", (("19 de junho de 2024", "2024-06-19"),)),
        ("A inflação de maio de 2024 ficou em 3,9%.", (("maio de 2024", "2024-05"),)),
        ("O acordo foi firmado no ano de 1961.", (("1961", "1961"),)),
        ("O ministro falou na quarta-feira, 19 de junho, em Brasília.", (("19 de junho", "2024-06-19"),)),
        ("O presidente chegou ontem a Moscou.", (("ontem", "2024-06-20"),)),
        ("No ano passado, as exportações caíram 10%.", (("ano passado", "2023"),)),
        ("O decreto foi publicado em 03/05/2024.", (("03/05/2024", "2024-05-03"),)),
        ("A reunião aconteceu na segunda-feira.", (("segunda-feira", "2024-06-17"),)),
        ("O navio transporta 2.500 contêineres e 300 toneladas.", ()),
        ("A lei 13.709 foi citada 12 vezes.", ()),
    ),
    "it": (
        ("Il trattato è stato firmato il 19 giugno 2024 a Pyongyang.", (("19 giugno 2024", "2024-06-19"),)),
        ("A settembre 2023 Kim ha visitato la Russia.", (("settembre 2023", "2023-09"),)),
        ("Il patto fu firmato nel 1961.", (("nel 1961", "1961"),)),
        ("Mercoledì 19 giugno il ministro ha parlato.", (("Mercoledì 19 giugno", "2024-06-19"),)),
        ("Il presidente è arrivato ieri a Roma.", (("ieri", "2024-06-20"),)),
        ("L'anno scorso le esportazioni sono calate.", (("L'anno scorso", "2023"),)),
        ("La legge è entrata in vigore il 01/07/2023.", (("01/07/2023", "2023-07-01"),)),
        ("Il vertice si è aperto lunedì a Bruxelles.", (("lunedì", "2024-06-17"),)),
        ("Sono stati evacuati 2.024 abitanti da 15 comuni.", ()),
        ("Il treno delle 19.30 è partito dal binario 6.", ()),
    ),
    "tr": (
        ("Anlaşma 19 Haziran 2024 tarihinde Pyongyang'da imzalandı.", (("19 Haziran 2024", "2024-06-19"),)),
        ("Eylül 2023'te Kim Rusya'yı ziyaret etti.", (("Eylül 2023", "2023-09"),)),
        ("Antlaşma 1961 yılında imzalandı.", (("1961 yılında", "1961"),)),
        ("Bakan 19 Haziran Çarşamba günü konuştu.", (("19 Haziran", "2024-06-19"),)),
        ("Çarşamba günü Putin Kim ile görüştü.", (("Çarşamba", "2024-06-19"),)),
        ("Bakan dün Ankara'da açıklama yaptı.", (("dün", "2024-06-20"),)),
        ("Geçen yıl ihracat yüzde 10 düştü.", (("Geçen yıl", "2023"),)),
        ("Karar 03.05.2024 tarihli Resmi Gazete'de yayımlandı.", (("03.05.2024", "2024-05-03"),)),
        ("Depremde 1.250 bina hasar gördü ve 45 kişi yaralandı.", ()),
        ("Dolar 32,5 liradan işlem gördü.", ()),
    ),
    "vi": (
        ("Hiệp ước được ký ngày 19 tháng 6 năm 2024 tại Bình Nhưỡng.", (("19 tháng 6 năm 2024", "2024-06-19"),)),
        ("Kim thăm Nga vào tháng 9 năm 2023.", (("tháng 9 năm 2023", "2023-09"),)),
        ("Lạm phát tháng 5/2024 tăng 4,4%.", (("tháng 5/2024", "2024-05"),)),
        ("Hiệp ước được ký vào năm 1961.", (("năm 1961", "1961"),)),
        ("Hôm thứ Tư, ngày 19/6, hai bên đã ký kết.", (("thứ Tư", "2024-06-19"), ("19/6", "2024-06-19"))),
        ("Bộ trưởng đã phát biểu hôm qua tại Hà Nội.", (("hôm qua", "2024-06-20"),)),
        ("Năm ngoái xuất khẩu giảm 10%.", (("Năm ngoái", "2023"),)),
        ("Quyết định có hiệu lực từ ngày 01/07/2024.", (("01/07/2024", "2024-07-01"),)),
        ("Công ty tuyển 2.500 lao động và 300 kỹ sư.", ()),
        ("Giá xăng tăng 1.200 đồng mỗi lít.", ()),
    ),
    "pl": (
        ("Traktat podpisano 19 czerwca 2024 r. w Pjongjangu.", (("19 czerwca 2024", "2024-06-19"),)),
        ("We wrześniu 2023 roku Kim odwiedził Rosję.", (("wrześniu 2023", "2023-09"),)),
        ("Traktat zawarto w 1961 roku.", (("1961", "1961"),)),
        ("W środę 19 czerwca minister przemawiał w Sejmie.", (("19 czerwca", "2024-06-19"),)),
        ("Premier przyleciał wczoraj do Brukseli.", (("wczoraj", "2024-06-20"),)),
        ("W ubiegłym roku eksport spadł o 10 proc.", (("W ubiegłym roku", "2023"),)),
        ("Ustawa weszła w życie 01.07.2023.", (("01.07.2023", "2023-07-01"),)),
        ("We wtorek premier spotkał się z prezydentem.", (("We wtorek", "2024-06-18"),)),
        ("W wypadku rannych zostało 12 osób, a 2024 gospodarstwa straciły prąd.", ()),
        ("Kurs euro wynosi 4,35 zł.", ()),
    ),
    "cs": (
        ("Smlouva byla podepsána 19. června 2024 v Pchjongjangu.", (("19. června 2024", "2024-06-19"),)),
        ("V září 2023 navštívil Kim Rusko.", (("září 2023", "2023-09"),)),
        ("Smlouva byla uzavřena v roce 1961.", (("v roce 1961", "1961"),)),
        ("Ve středu 19. června ministr promluvil.", (("19. června", "2024-06-19"),)),
        ("Premiér včera přiletěl do Bruselu.", (("včera", "2024-06-20"),)),
        ("Loni export klesl o deset procent.", (("Loni", "2023"),)),
        ("Zákon nabyl účinnosti 1. 7. 2023.", (("1. 7. 2023", "2023-07-01"),)),
        ("V pondělí vláda schválila rozpočet.", (("V pondělí", "2024-06-17"),)),
        ("Na stadionu bylo 12 500 diváků.", ()),
        ("Cena vzrostla o 3,5 % na 1 200 Kč.", ()),
    ),
    "ru": (
        ("Договор был подписан 19 июня 2024 года в Пхеньяне.", (("19 июня 2024", "2024-06-19"),)),
        ("В сентябре 2023 года Ким посетил Россию.", (("сентябре 2023", "2023-09"),)),
        ("Договор был заключен в 1961 году.", (("в 1961", "1961"),)),
        ("В среду, 19 июня, министр выступил в Думе.", (("19 июня", "2024-06-19"),)),
        ("Президент вчера прибыл в Москву.", (("вчера", "2024-06-20"),)),
        ("В прошлом году экспорт снизился на 10%.", (("В прошлом году", "2023"),)),
        ("Закон вступил в силу 01.07.2023.", (("01.07.2023", "2023-07-01"),)),
        ("В понедельник премьер встретился с послом.", (("В понедельник", "2024-06-17"),)),
        ("В результате пострадали 1200 человек и 35 домов.", ()),
        ("Курс доллара составил 89,5 рубля.", ()),
    ),
    "uk": (
        ("Угоду підписали 19 червня 2024 року в Києві.", (("19 червня 2024", "2024-06-19"),)),
        ("У вересні 2023 року Кім відвідав Росію.", (("вересні 2023", "2023-09"),)),
        ("Договір укладено у 1961 році.", (("у 1961", "1961"),)),
        ("У середу, 19 червня, міністр виступив у Раді.", (("19 червня", "2024-06-19"),)),
        ("Президент учора прибув до Варшави.", (("учора", "2024-06-20"),)),
        ("Торік експорт знизився на 10%.", (("Торік", "2023"),)),
        ("Постанова набула чинності 01.07.2023.", (("01.07.2023", "2023-07-01"),)),
        ("У понеділок уряд ухвалив бюджет.", (("У понеділок", "2024-06-17"),)),
        ("Внаслідок обстрілу пошкоджено 150 будинків і 12 шкіл.", ()),
        ("Курс гривні становить 40,5 за долар.", ()),
    ),
    "sv": (
        ("Avtalet undertecknades den 19 juni 2024 i Pyongyang.", (("19 juni 2024", "2024-06-19"),)),
        ("I september 2023 besökte Kim Ryssland.", (("september 2023", "2023-09"),)),
        ("Fördraget slöts år 1961.", (("år 1961", "1961"),)),
        ("Ministern talade onsdagen den 19 juni i riksdagen.", (("19 juni", "2024-06-19"),)),
        ("Statsministern kom till Bryssel i går.", (("i går", "2024-06-20"),)),
        ("I fjol minskade exporten med tio procent.", (("I fjol", "2023"),)),
        ("Lagen trädde i kraft 2023-07-01.", (("2023-07-01", "2023-07-01"),)),
        ("Ministrarna träffades i måndags i Bryssel.", (("måndags", "2024-06-17"),)),
        ("På måndag träffas ministrarna igen.", (("På måndag", "2024-06-24"),)),
        ("Över 2 000 personer evakuerades och 15 hus förstördes.", ()),
        ("Kronan stärktes till 11,20 mot euron.", ()),
    ),
    "ro": (
        ("Tratatul a fost semnat pe 19 iunie 2024 la Phenian.", (("19 iunie 2024", "2024-06-19"),)),
        ("În septembrie 2023, Kim a vizitat Rusia.", (("septembrie 2023", "2023-09"),)),
        ("Tratatul a fost încheiat în anul 1961.", (("anul 1961", "1961"),)),
        ("Miercuri, 19 iunie, ministrul a vorbit în Parlament.", (("Miercuri, 19 iunie", "2024-06-19"),)),
        ("Președintele a sosit ieri la București.", (("ieri", "2024-06-20"),)),
        ("Anul trecut exporturile au scăzut cu 10%.", (("Anul trecut", "2023"),)),
        ("Legea a intrat în vigoare la 01.07.2023.", (("01.07.2023", "2023-07-01"),)),
        ("Luni, guvernul a aprobat bugetul.", (("Luni", "2024-06-17"),)),
        ("Peste 1.500 de persoane au fost evacuate din 12 localități.", ()),
        ("Leul a scăzut la 4,97 lei pentru un euro.", ()),
    ),
    "ar": (
        ("وقّع الزعيمان المعاهدة في 19 يونيو 2024 في بيونغ يانغ.", (("19 يونيو 2024", "2024-06-19"),)),
        ("زار كيم روسيا في أيلول 2023.", (("أيلول 2023", "2023-09"),)),
        ("وقعت المعاهدة عام 1961.", (("عام 1961", "1961"),)),
        ("التقى الوزيران يوم الأربعاء 19 حزيران.", (("19 حزيران", "2024-06-19"),)),
        ("وصل الرئيس إلى موسكو أمس.", (("أمس", "2024-06-20"),)),
        ("تراجعت الصادرات العام الماضي بنسبة 10%.", (("العام الماضي", "2023"),)),
        ("صدر القرار بتاريخ 03/05/2024.", (("03/05/2024", "2024-05-03"),)),
        ("وقعت الاتفاقية في ١٩ يونيو ٢٠٢٤.", (("١٩ يونيو ٢٠٢٤", "2024-06-19"),)),
        ("انعقدت القمة في ١٥ كانون الثاني ٢٠٢٤.", (("١٥ كانون الثاني ٢٠٢٤", "2024-01-15"),)),
        ("أعلنت الحكومة يوم الاثنين خطة جديدة.", (("يوم الاثنين", "2024-06-17"),)),
        ("أصيب 1200 شخص في الزلزال ودمر 35 منزلا.", ()),
        ("بلغ سعر الدولار ٣٠٫٥ جنيه.", ()),
    ),
    "fa": (
        ("این پیمان در ۱۹ ژوئن ۲۰۲۴ امضا شد.", (("۱۹ ژوئن ۲۰۲۴", "2024-06-19"),)),
        ("کیم در سپتامبر ۲۰۲۳ به روسیه سفر کرد.", (("سپتامبر ۲۰۲۳", "2023-09"),)),
        ("این معاهده در سال 1961 بسته شد.", (("سال 1961", "1961"),)),
        ("وزیر روز چهارشنبه ۱۹ ژوئن سخنرانی کرد.", (("۱۹ ژوئن", "2024-06-19"),)),
        ("رئیس‌جمهور دیروز وارد مسکو شد.", (("دیروز", "2024-06-20"),)),
        ("صادرات سال گذشته ۱۰ درصد کاهش یافت.", (("سال گذشته", "2023"),)),
        ("روز دوشنبه دولت بودجه را تصویب کرد.", (("روز دوشنبه", "2024-06-17"),)),
        ("این قانون در ۱۴۰۳/۰۳/۳۰ تصویب شد.", ()),
        ("۱۲۰۰ نفر در زلزله زخمی شدند.", ()),
        ("قیمت دلار به ۵۸۰۰۰ تومان رسید.", ()),
    ),
    "ja": (
        ("両首脳は2024年6月19日、平壌で条約に署名した。", (("2024年6月19日", "2024-06-19"),)),
        ("金氏は2023年9月にロシアを訪問した。", (("2023年9月", "2023-09"),)),
        ("条約は1961年に締結された。", (("1961年", "1961"),)),
        ("6月19日(水)に首脳会談が行われた。", (("6月19日(水)", "2024-06-19"),)),
        ("政府は19日、新たな制裁を発表した。", (("19日", "2024-06-19"),)),
        ("首相は昨日、記者会見を開いた。", (("昨日", "2024-06-20"),)),
        ("昨年の輸出は10%減少した。", (("昨年", "2023"),)),
        ("会議は水曜日に開かれた。", (("水曜日", "2024-06-19"),)),
        ("統計は2024/6/19に発表された。", (("2024/6/19", "2024-06-19"),)),
        ("式典は２０２４年６月１９日に行われた。", (("２０２４年６月１９日", "2024-06-19"),)),
        ("地震で1200人が負傷し、35棟が倒壊した。", ()),
        ("会議は3日間続いた。", ()),
    ),
    "zh": (
        ("两国领导人于2024年6月19日在平壤签署条约。", (("2024年6月19日", "2024-06-19"),)),
        ("金正恩于2023年9月访问俄罗斯。", (("2023年9月", "2023-09"),)),
        ("该条约于1961年签订。", (("1961年", "1961"),)),
        ("双方于6月19日星期三举行会谈。", (("6月19日星期三", "2024-06-19"),)),
        ("外交部19日表示,将继续推动对话。", (("19日", "2024-06-19"),)),
        ("总理昨天抵达北京。", (("昨天", "2024-06-20"),)),
        ("去年出口下降了10%。", (("去年", "2023"),)),
        ("会议于星期一举行。", (("星期一", "2024-06-17"),)),
        ("该文件于2024-06-19发布。", (("2024-06-19", "2024-06-19"),)),
        ("地震造成1200人受伤,35栋房屋倒塌。", ()),
        ("会议持续了3天。", ()),
    ),
    "ko": (
        ("양국 정상은 2024년 6월 19일 평양에서 조약에 서명했다.", (("2024년 6월 19일", "2024-06-19"),)),
        ("김 위원장은 2023년 9월 러시아를 방문했다.", (("2023년 9월", "2023-09"),)),
        ("조약은 1961년에 체결됐다.", (("1961년", "1961"),)),
        ("6월 19일(수) 정상회담이 열렸다.", (("6월 19일(수)", "2024-06-19"),)),
        ("정부는 19일 새로운 제재를 발표했다.", (("19일", "2024-06-19"),)),
        ("대통령은 어제 모스크바에 도착했다.", (("어제", "2024-06-20"),)),
        ("지난해 수출은 10% 감소했다.", (("지난해", "2023"),)),
        ("회의는 수요일에 열렸다.", (("수요일", "2024-06-19"),)),
        ("보고서는 2024.06.19 공개됐다.", (("2024.06.19", "2024-06-19"),)),
        ("지진으로 1200명이 다치고 35채가 무너졌다.", ()),
        ("회의는 3일 동안 계속됐다.", ()),
    ),
    "hi": (
        ("संधि पर 19 जून 2024 को प्योंगयांग में हस्ताक्षर किए गए।", (("19 जून 2024", "2024-06-19"),)),
        ("किम ने सितंबर 2023 में रूस का दौरा किया।", (("सितंबर 2023", "2023-09"),)),
        ("यह संधि वर्ष 1961 में हुई थी।", (("वर्ष 1961", "1961"),)),
        ("बुधवार, 19 जून को मंत्री ने संसद में भाषण दिया।", (("बुधवार, 19 जून", "2024-06-19"),)),
        ("राष्ट्रपति कल मास्को पहुंचे।", (("कल", "2024-06-20"),)),
        ("पिछले साल निर्यात में 10% की गिरावट आई।", (("पिछले साल", "2023"),)),
        ("आदेश 03/05/2024 को जारी किया गया।", (("03/05/2024", "2024-05-03"),)),
        ("समझौता १९ जून २०२४ को हुआ।", (("१९ जून २०२४", "2024-06-19"),)),
        ("सोमवार को सरकार ने बजट पेश किया।", (("सोमवार", "2024-06-17"),)),
        ("भूकंप में 1200 लोग घायल हुए।", ()),
        ("डॉलर 83,5 रुपये पर पहुंचा।", ()),
    ),
    "el": (
        ("Η συνθήκη υπογράφηκε στις 19 Ιουνίου 2024 στην Πιονγκγιάνγκ.", (("19 Ιουνίου 2024", "2024-06-19"),)),
        ("Τον Σεπτέμβριο του 2023 ο Κιμ επισκέφθηκε τη Ρωσία.", (("Σεπτέμβριο του 2023", "2023-09"),)),
        ("Η συνθήκη συνάφθηκε το 1961.", (("1961", "1961"),)),
        ("Την Τετάρτη 19 Ιουνίου ο υπουργός μίλησε στη Βουλή.", (("Τετάρτη 19 Ιουνίου", "2024-06-19"),)),
        ("Ο πρωθυπουργός έφτασε χθες στις Βρυξέλλες.", (("χθες", "2024-06-20"),)),
        ("Πέρυσι οι εξαγωγές μειώθηκαν κατά 10%.", (("Πέρυσι", "2023"),)),
        ("Ο νόμος τέθηκε σε ισχύ στις 01/07/2023.", (("01/07/2023", "2023-07-01"),)),
        ("Τη Δευτέρα η κυβέρνηση ενέκρινε τον προϋπολογισμό.", (("Δευτέρα", "2024-06-17"),)),
        ("Στον σεισμό τραυματίστηκαν 1.200 άνθρωποι.", ()),
        ("Το ευρώ έφτασε τα 1,08 δολάρια.", ()),
    ),
}

# Scraped header lines that state the publication date (2024-06-19 in every one), above a long
# first paragraph: warta should take each as the article's date, from the text.
HEADERS: tuple[tuple[str, str], ...] = (
    ("pt", "Publicado em 19/06/2024 às 10h15"),
    ("it", "Pubblicato il 19 giugno 2024 alle 10:15"),
    ("tr", "Yayınlanma: 19.06.2024 10:15"),
    ("vi", "Thứ Tư, 19/6/2024, 10:15 (GMT+7)"),
    ("pl", "Opublikowano: 19 czerwca 2024, 10:15"),
    ("cs", "Publikováno 19. června 2024 10:15"),
    ("ru", "Опубликовано: 19 июня 2024, 10:15"),
    ("uk", "Опубліковано 19 червня 2024 о 10:15"),
    ("sv", "Publicerad 19 juni 2024 kl. 10.15"),
    ("ro", "Publicat: miercuri, 19 iunie 2024, 10:15"),
    ("ar", "نشر في: الأربعاء 19 يونيو 2024 - 10:15"),
    ("ar", "تاريخ النشر: ١٩ حزيران ٢٠٢٤"),
    ("fa", "تاریخ انتشار: ۱۹ ژوئن ۲۰۲۴"),
    ("ja", "公開日：2024年6月19日 10時15分"),
    ("zh", "发布时间：2024-06-19 10:15"),
    ("zh", "2024年06月19日 10:15 来源：新华社"),
    ("ko", "입력 2024.06.19 10:15"),
    ("hi", "प्रकाशित: 19 जून 2024, 10:15 AM IST"),
    ("el", "Δημοσιεύθηκε: 19 Ιουνίου 2024, 10:15"),
)

# The long first paragraph under a header line (no dates in it).
BODY = (
    "Presiden mengatakan bahwa kebijakan baru itu akan diterapkan secara bertahap di seluruh provinsi"
    " dan kota, setelah pembahasan panjang dengan para menteri dan kepala daerah."
)
HEADER_DATE = dt.date(2024, 6, 19)
TODAY = dt.date(2026, 11, 21)


def _located(sentence: str, gold: tuple[tuple[str, str], ...]) -> list[tuple[int, int, str]]:
    """Gold spans as offsets, each searched after the previous one."""
    out = []
    pos = 0
    for span, iso in gold:
        start = sentence.find(span, pos)
        if start < 0:
            raise ValueError(f"{span!r} is not in {sentence!r}")
        out.append((start, start + len(span), iso))
        pos = start + len(span)
    return out


def _iso(mention: DateMention) -> str:
    if mention.precision == "year":
        return f"{mention.date.year:04d}"
    if mention.precision == "month":
        return f"{mention.date.year:04d}-{mention.date.month:02d}"
    return mention.date.isoformat()


def _counts(cases: tuple[Case, ...], words: DateWords) -> tuple[int, int, int, int]:
    """Found, gold, found right and gold found over ``cases``."""
    found_total = gold_total = found_right = gold_found = 0
    for sentence, gold in cases:
        spans = _located(sentence, gold)
        mentions = find_dates(sentence, words, ANCHOR)
        found_total += len(mentions)
        gold_total += len(spans)
        found_right += sum(
            1 for m in mentions if any(m.start < e and s < m.end and _iso(m) == iso for s, e, iso in spans)
        )
        gold_found += sum(
            1 for s, e, iso in spans if any(m.start < e and s < m.end and _iso(m) == iso for m in mentions)
        )
    return found_total, gold_total, found_right, gold_found


def _scores(found_total: int, gold_total: int, found_right: int, gold_found: int) -> dict[str, float]:
    precision = found_right / found_total if found_total else 1.0
    recall = gold_found / gold_total if gold_total else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def header_right(line: str, words: DateWords) -> bool:
    """Whether a header line above a long paragraph gives the publication date, from the text."""
    body = (Line(1, line), Line(2, BODY))
    blocks = (Block("paragraph", line, 1), Block("paragraph", BODY, 2))
    found = publication_date(body, blocks, words, TODAY)
    return found is not None and (found.date, found.precision, found.source) == (HEADER_DATE, "day", "text")


def measure() -> dict[str, float]:
    """Precision, recall and F1 of find_dates over CASES (the first seven languages), with counts;
    the same over WORLD, overall ("world.") and per language ("<code>."); and the share of HEADERS
    read as the publication date ("headers.accuracy")."""
    words = load_words()
    counts = _counts(CASES, words)
    out = {
        **_scores(*counts),
        "sentences": float(len(CASES)),
        "gold": float(counts[1]),
        "found": float(counts[0]),
    }
    totals = [0, 0, 0, 0]
    for code, cases in sorted(WORLD.items()):
        counts = _counts(cases, words)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        out.update({f"{code}.{k}": v for k, v in _scores(*counts).items()})
    out.update({f"world.{k}": v for k, v in _scores(*totals).items()})
    out["world.sentences"] = float(sum(len(c) for c in WORLD.values()))
    out["headers.accuracy"] = round(sum(header_right(line, words) for _, line in HEADERS) / len(HEADERS), 4)
    return out


def _misses() -> list[str]:
    words = load_words()
    lines = []
    for sentence, gold in (*CASES, *(c for cases in WORLD.values() for c in cases)):
        spans = _located(sentence, gold)
        mentions = find_dates(sentence, words, ANCHOR)
        got = [(m.text, _iso(m)) for m in mentions]
        want = [(sentence[s:e], iso) for s, e, iso in spans]
        if sorted(g[1] for g in got) != sorted(w[1] for w in want):
            lines.append(f"  {sentence!r}\n    want {want}\n    got  {got}")
    return lines


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:g}")
    for code, line in HEADERS:
        if not header_right(line, load_words()):
            print(f"header not read ({code}): {line!r}")
    misses = _misses()
    if misses:
        print("differences:")
        print("\n".join(misses))
