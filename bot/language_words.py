"""Word lists for bot/language_evidence.py: very common words of each supported language as
people type them on phones (Latin script folded: lower case, no accents). Mostly function words,
pronouns, everyday verbs and the words of a report about work, pay and where people live:
what short messages are made of. A word may appear for several languages (it then counts less).
"""

from __future__ import annotations

from typing import Final

COMMON_WORDS: Final = {
    "en": "the a an and or but is are was were be been am im i you your u ur he she it its they them their we our us me my this "
    "that these those there here what where when who why how which yes yeah yep no nope not dont don't do does did didnt doesnt "
    "isnt wont can cant can't will would could should have has had got get go going gonna wanna come know dunno think see saw "
    "said say tell told thanks thank thx please pls sorry hello hi hey bye goodbye good great fine sure maybe help police call "
    "ring text back now later today tomorrow yesterday night morning evening week month year some many lot lots all every "
    "about from with without at of for by up out just only very too also again still never always after before right true "
    "correct definitely probably nah one two three man men woman women girl boy child children kids people work working job "
    "house home shop car wash money pay paid boss manager owner live lives upstairs downstairs near next last old young safe "
    "hurry quick phone talk speak english nobody everyone someone anyone something nothing afraid scared alright cheers cool "
    "understood address street road station number name hours days lol omg haha they're it's that's there's he's she's i'm",
    "pl": "nie tak jest sa sie w na z ze do to co jak czy ale mnie mi mam ma mamy macie maja jestem jestesmy jestescie prosze "
    "pomocy pomoz pomozcie wiem gdzie kiedy dlaczego dzien dobry dobrze dziekuje dzieki czesc ludzie ludzi osob osoby praca "
    "pracy pracuja pracuje pracujemy bardzo jeszcze teraz tutaj tam oni one ona on ja ty wy juz tylko moze chyba nic nikt ktos "
    "ich nas nam moj moja moje jego jej szef szefa pieniadze pieniedzy wyplate wyplaty umowy umowa dlug paszport paszporty dom "
    "domu pokoj nocy dni godzin godziny dzieci dziecko kobiety mezczyzni bo wiec zeby przez dla od pod nad przy bez nigdy "
    "zawsze potem boje boimy wszyscy wszystko pan pani ten ta tego tej tym albo lub ktory ktora ktore gdy jesli bedzie byl "
    "byla bylo byli zabrali zabral zabieraja mieszkamy mieszkaja mieszkam policja policji telefon telefonu prawda wiecej",
    "ro": "nu da si sau este e sunt suntem sunteti era erau au am ai are avem aveti la o un una de ce cu ca pe mai stiu ajutor "
    "ajutati buna ziua seara multumesc mersi unde cand cine cum acum aici acolo oameni copii copilul femei barbati lucreaza "
    "lucram lucrez munca eu tu el ea ei ele noi voi sa din foarte vreau vrem nimic nimeni cineva bani banii salariul salariu "
    "datorii pasaport pasapoartele seful sef casa noaptea zi zile ore ani dar pentru fara despre dupa poate bine rog te mi ne "
    "le lor meu mea nostru tot toti toate doar inca deja niciodata mereu frica salut sigur iau ia luat stam locuim traim esti "
    "veniti vine vin vino ajuta ajuti suna sunati adevarat ma numesc prea cred vreo intr asta acest aceasta care daca va vom "
    "fi fost mult multi putin politie politia vorbesc vorbim trebuie pot putem lucrat",
    "sq": "po jo nuk s eshte jane jam jemi je jeni ka kam kemi keni kane ke dhe e te ne per me nje si faleminderit flm ndihme "
    "ndihmoni ku di tani njerez femije djali vajza gra burra punojne punojme punoj punon une ti ai ajo ata ato ju mire "
    "pershendetje mirdita shume pak ketu atje dua duam nga qe cfare kush kur pse pa edhe vetem akoma kurre gjithmone cdo dite "
    "nate naten jave muaj vit ore para pasaporta pasaporten pasaportat dokumentet shefi shtepi shtepine dhome frike lutem "
    "ndoshta sigurt vjec veta keta kete ate ky kjo tij saj tyre im ime na ma mua marrin moren mori rrogen rroge paga borxh "
    "jetojme jetojne jetoj vini vjen vertete ishin ishte dikush mendoj rreth nese do mund duhet flas flasim policia asgje asnje",
    "lt": "ne taip yra ir kad kur as jis ji jie jos mes jus tu labas labai aciu nezinau zinau padekite padekit prasau dabar "
    "zmones zmoniu vaikai vaikas moterys vyrai dirba dirbame dirbu cia ten man mano mus musu jiems juos jo savo noriu norime "
    "nera buvo buvome bus kas kada kodel kaip kiek su be is i per prie ant po uz del apie tik dar jau niekada visada visi "
    "viskas niekas nieko gerai sveiki laba diena dienas naktimis nakti savaite metu valandu pinigu pinigus atlyginima "
    "atlyginimo sutarties skolu skola pasus pasa dokumentus sefas namai namuose kambaryje bijau bijome galbut negaliu galiu "
    "gal turime turiu turi gyvename gyvenu gyvena tiesa daugiau kazkas saugo vardas manau sitas tas ta tie kuris jei kai "
    "atima atieme kalbu reikia viso gero esu esi esame policija policijos telefono telefonas",
    "vi": "khong co toi la va cua cho nguoi duoc mot nhung cam on biet o dau xin chao giup ban dang lam viec tiem ho em anh chi "
    "roi nay cuu voi vang da chung minh ong ba gi sao nao tien luong ngay dem gio thang tuan nha bi bat giu di den ve hai bon "
    "sau bay tam chin muoi nhieu rat qua cung chua bao ai day kia hoi noi phai muon so no ne thi ma vay a oi u dung tuoi tieng "
    "chuc khoang nghi chac dien thoai trang trai gioi hop dong canh sat lay het moi khi ten tre gia dinh viet nam con chu "
    "phong nhan song",
    "ur": "اور کا کی کے میں سے ہے ہیں نہیں کیا یہ وہ ہم آپ تم تھا تھی تھے کو پر بھی جی ہاں مجھے ہمیں انہیں اس ان کام مدد شکریہ "
    "ابھی کب کہاں کون کیوں کیسے کس لیے بہت لوگ پیسے گھر رات دن میرا میری میرے ہوں رہا رہی گیا گئی دیا لیا کر کرتے کرتا سکتے "
    "چاہیے پتہ پتا نام دو سال سب عمر شاید قرض تقریبا دس آج کل صبح شام وقت مالک آدمی عورت کوئی کسی کچھ",
    "ar": "في من على الى عن مع هذا هذه ذلك التي الذي هو هي هم نحن انا انت انتم لا نعم ما ماذا لماذا كيف اين متى كم كان كانت "
    "يكون قد لم لن او ثم كل بعض اكثر فقط ايضا جدا شكرا مرحبا حسنا ربما مساعده ساعدوني الشرطه المدير صاحب المال الراتب جواز "
    "السفر البيت المنزل الغرفه العمل يعمل نعمل يعملون ليس لي لنا لدي لديه عندي عندنا اريد نريد ممكن ارجوك فضلك اعرف الان "
    "هنا هناك اليوم يوم الليل",
}

# Replies of a word or two whose language is plain to a person ("ne" alone is Lithuanian "no",
# "da" alone Romanian "yes"). "ok" and "sos" belong to every language, so to none.
REPLIES: Final = {
    "en": "yes yeah yep yup no nope thanks thank thx cheers hello hi hey bye sorry please pls help maybe sure fine police",
    "pl": "tak nie dzieki dziekuje czesc prosze pomocy pomoz dobrze moze chyba niestety jasne",
    "ro": "da nu mersi multumesc salut buna ajutor bine poate sigur pa",
    "sq": "po jo faleminderit flm ndihme pershendetje tung mirupafshim mire ndoshta sigurisht mirdita mirembrema miremengjes",
    "lt": "taip ne aciu labas sveiki gerai galbut padekite prasau aisku",
    "vi": "vang khong duoc chao giup",
}
NEUTRAL_REPLIES: Final = frozenset({"ok", "okay", "okey", "k", "kk", "sos"})
# English words reporters use whatever their language ("lucram la car wash", "toi lam nail"):
# they say nothing of the language of the rest of the message.
LOANWORDS: Final = frozenset(
    "ok okay car wash carwash nail nails bar salon takeaway kebab pizza visa taxi uber van whatsapp facebook messenger".split()
)
