// Multilingual intent lexicon for the injection classifier's "concept" feature block.
//
// An n-gram model learns words, so "ignoriere alle vorherigen Anweisungen" teaches it
// nothing about "negeer alle eerdere instructies". This lexicon maps words of a few
// European and other languages onto language-independent concepts (OVERRIDE, PRIOR,
// INSTRUCTIONS, REVEAL, SECRET, YOU, …); the featuriser then hashes concept unigrams and
// concept pairs in word order, so "override-verb … prior … instructions" is one feature in
// every language the lexicon covers, while "ignore … typos" or "instructions for the desk"
// are different ones. Entries are lower-case (the text is normalised first); a trailing
// `*` marks a prefix, a leading `*` a suffix (German compounds: "Sicherheitsregeln").

export const CONCEPTS = [
  'OVERRIDE', // ignore, disregard, forget, bypass …
  'PRIOR', // previous, above, earlier, original …
  'ALL', // all, every, everything …
  'INSTR', // instructions, rules, guidelines, directives …
  'SYSTEM', // system (as in system prompt / message)
  'PROMPT', // prompt, pre-prompt, preamble
  'REVEAL', // reveal, print, show, repeat, output …
  'SECRET', // password, secret, key, credentials, hidden …
  'YOU', // you, your, du, dein, vous, tu …
  'NOW', // now, from now on, henceforth …
  'NEW', // new
  'TASK', // task, assignment, job
  'PERSONA', // pretend, act, role-play, character …
  'NEG', // no, without, never, not …
  'FILTER', // filter, restriction, limit, censorship …
  'MODE', // mode
  'PRIV', // developer, admin, debug, sudo, root …
  'HACK', // hacked, pwned, jailbreak, DAN …
  'SAY', // say, write, answer, respond, reply …
  'ONLY', // only, just
  'INSTEAD', // instead
  'STOP', // stop
  'AI', // AI, assistant, model, chatbot …
  'USER', // user
  'QWORD', // what, how, why, wie, warum, comment …
  'ME', // me, mir, moi …
  'MUST', // must, have to, obey, comply …
  'WORD', // word for word, verbatim, exactly …
  'BEGIN', // beginning, start, first line, initial …
  'HARM', // weapon, bomb, drugs, malware, phishing …
  'PLEASE', // please, bitte, s'il te plaît …
] as const;

export type Concept = (typeof CONCEPTS)[number];

const L: Record<Concept, string> = {
  OVERRIDE: `ignore ignores ignored ignoring ignor* disregard* forget* forgot forgotten bypass* override* overrid* skip skipping discard* abandon* neglect* overlook*
    vergiss vergesst vergessen vergiß missacht* verwirf verwerfe übergeh* überspring* ignorier* vernachlässig* hinwegsetz*
    oublie oubliez oublier néglige négligez outrepasse* contourne*
    olvida olvidar olvides omite omitir desestima* desobedece*
    dimentica* trascura* tralascia*
    esquece* esqueç* desconsider* despreze
    negeer* vergeet vergeten
    zignoruj* ignoruj* zapomnij* pomiń
    игнорир* забудь забыть проигнорир* пренебреги
    unut yok abaikan lupakan bỏ quên 忽略 忽视 忘记 忘掉 無視 忘れ 무시 잊어 अनदेखा भूल تجاهل انس`,
  PRIOR: `previous previously prior above earlier preceding before original initial aforementioned foregoing former last past old
    vorherig* vorher bisherig* obig* oben vorangegangen* vorige* davor zuvor ursprünglich* frühere* alten alte
    précédent* précédemment antérieur* ci-dessus avant dessus initiales initiale
    anterior* anteriormente previa* previas arriba antes
    precedent* sopra prima
    acima anteriores
    eerdere vorige hierboven eerder
    poprzedni* wcześniejsz* powyższ*
    предыдущ* прежни* выше ранее
    önceki sebelumnya trước 之前 以前 上面 以前の 前の 이전 पिछले السابقة
    先前 以上 上述 précède précèdent`,
  ALL: `all every everything entire whole any anything
    alle alles allen aller sämtlich* jede* jegliche*
    tout toutes tous toute
    todo todos todas toda cualquier
    tutto tutte tutti qualsiasi
    tudo
    allemaal
    wszystk* всё все всех tüm semua tất 所有 一切 すべて 모든 सभी جميع
    全部 全て`,
  INSTR: `instruction instructions instructed instruct directions directive directives rule rules guideline guidelines constraint constraints order orders
    restriction restrictions command commands programming policy policies protocol protocols principles
    anweisung anweisungen *anweisung *anweisungen regel regeln *regeln richtlinie* *richtlinien vorgabe vorgaben befehl* instruktion* *vorgaben
    consigne consignes règle règles directive directives
    instrucción instrucciones instruccion regla reglas directrices órdenes
    istruzion* regola regole direttive
    instrução instruções instrucoes regra regras diretrizes
    instructie instructies regel regels richtlijnen
    instrukcj* polecen* zasad* reguł*
    инструкц* правил* указани* директив*
    talimat* kural* instruksi aturan hướng 指令 指示 规则 規則 命令 지시 규칙 निर्देश नियम التعليمات تعليمات
    ルール 说明 指示书`,
  SYSTEM: `system systems systemprompt systemprompts systemanweisung* systemnachricht* système systeme sistema systeem systemowy systemu системн* sistem 系统 システム 시스템 सिस्टम النظام`,
  PROMPT: `prompt prompts promt preprompt pre-prompt preamble metaprompt systemprompt *prompt promptu промпт* 提示 提示词 プロンプト 프롬프트 प्रॉम्प्ट موجه システムプロンプト`,
  REVEAL: `reveal* print* show showing display* output* repeat* leak* dump* spell expose* disclose* recite* paste quote
    verrat* verrät zeig* gib ausgeben wiederhol* nenne nennen zitier* offenlegen preisgeben ausgabe
    affiche* révèle* révéler montre* répète* répéter divulgue* recopie*
    muestra* mostrar revela* revelar repite* repetir imprime* divulga*
    mostra* rivela* ripeti* stampa* mostre mostrar
    toon laat onthul* herhaal*
    pokaż podaj ujawnij powtórz wyświetl
    покажи выведи раскрой повтори напечатай
    göster söyle tunjukkan tiết 输出 告诉 显示 表示 教えて 보여줘 दिखाओ اكشف
    教え 打印 透露 泄露 見せ 见`,
  SECRET: `password passwords passcode passphrase secret secrets key keys credential credentials token tokens confidential hidden private sensitive
    passwort passwörter kennwort geheim* schlüssel zugangsdaten versteckt* vertraulich*
    secrète secrets cachée* cachées caché confidentiel*
    contraseña clave secreta secreto oculta* ocultas confidencial*
    segreta segreto nascost* riservat*
    senha palavra-passe secreta ocultas
    wachtwoord geheime verborgen*
    hasło hasła tajne ukryt*
    пароль пароли секрет* скрыт*
    şifre* gizli rahasia mật 密码 秘密 パスワード 비밀번호 पासवर्ड المرور
    密钥 秘钥 キー`,
  YOU: `you your yours yourself u ur
    du dich dir dein deine deinen deiner deines ihr euch euer
    tu toi ton ta tes vous votre vos
    tú te ti tus tu usted
    tuo tua tuoi tue
    você teu tua
    jij jouw
    ty twoje twoich
    ты тебя тебе твои твой твоя ваш
    sen senin anda bạn 你 你的 あなた 너 당신 तुम आप أنت`,
  NOW: `now henceforth onward onwards forthwith jetzt nun sofort fortan ab maintenant désormais dorénavant ahora adelante adesso ora agora nu voortaan teraz теперь отныне artık sekarang 现在 今から 이제 अब الآن`,
  NEW: `new neue neuen neuer neues nouvelle nouvelles nouveau nueva nuevas nuevo nuovo nuova nuove nova novas novo nieuwe nowe nowa новая новые новое yeni baru mới 新 新しい 새로운 नया جديدة`,
  TASK: `task tasks assignment job mission objective goal aufgabe aufgaben auftrag ziel tâche mission objectif tarea misión objetivo compito obiettivo tarefa objetivo taak opdracht zadanie задача задание görev tugas 任务 タスク 작업 कार्य مهمة`,
  PERSONA: `pretend pretending act acting roleplay role-play role character persona impersonate simulate emulate become embody
    tue spiel spiele rolle figur verhalte stell
    semblant joue rôle personnage incarne agis
    finge fingir actúa actua papel personaje interpreta
    finta finge recita ruolo personaggio
    finja papel personagem
    doe alsof rol speel
    udawaj odgrywaj
    притворись представь роль играй
    gibi davran berpura-pura 扮演 假装 ふり 演じ 척 역할 नाटक تظاهر
    角色`,
  NEG: `no not never without none nothing dont don't cannot can't won't
    kein keine keinen keiner nicht nie niemals ohne nichts
    ne pas jamais sans aucun aucune rien
    sin nunca ningún ninguna nada
    senza mai nessun nessuna niente
    sem nunca nenhum nenhuma nada
    geen zonder nooit niet
    bez nie żadnych
    без нет никогда не ни
    yok olmadan tanpa không 没有 不 없는 बिना بدون
    無し なし`,
  FILTER: `filter filters filtered unfiltered filterless censor* uncensored restriction restrictions restricted unrestricted limit limits limitation* limitless boundaries boundary safeguard* safety moral morals ethics ethical content
    filtr* einschränkung* grenzen zensur* beschränkung* sicherheits* moral
    restriction limites censure sécurité
    restricciones límites censura seguridad
    restrizioni limiti censura sicurezza
    restrições limites censura segurança
    beperkingen grenzen
    ograniczeń ograniczenia cenzury
    ограничений ограничения фильтр* цензур*
    kısıtlama* filtresiz batasan hạn 限制 过滤 制限 제한 फ़िल्टर قيود`,
  MODE: `mode modus modo modalità режим mod 模式 モード 모드`,
  PRIV: `developer developers dev debug debugging admin administrator administrators sudo root god superuser maintenance operator creator creators owner staff openai anthropic
    entwickler entwicklermodus administrator betreiber schöpfer erschaffer wartung*
    développeur développeurs créateur
    desarrollador desarrolladores creador
    sviluppatore sviluppatori creatore
    desenvolvedor desenvolvedores criador
    ontwikkelaar beheerder
    programista administrator
    разработчик* администратор создатель
    geliştirici pengembang 开发者 管理员 開発者 개발자 डेवलपर المطور`,
  HACK: `hacked hack hacking hacker pwned pwn jailbreak jailbroken jailbreaking dan compromised gehackt piraté hackeado hackerato hackeado взломан 越狱
    脱獄 ジェイルブレイク`,
  SAY: `say says write respond response reply answer type output
    sag sage sagen schreib schreibe antworte antwort
    dis dire écris écrire réponds répondre
    di decir escribe escribir responde responder contesta
    dì dire scrivi rispondi
    diz dizer escreve escreva responde
    zeg schrijf antwoord
    powiedz napisz odpowiedz
    скажи напиши ответь отвечай
    yaz cevap katakan tulis nói 说 写 回答 言って 말해 कहो قل`,
  ONLY: `only just solely exclusively nur lediglich ausschließlich seulement uniquement solo solamente únicamente soltanto apenas somente alleen tylko только sadece hanya chỉ 只 だけ 만 केवल فقط`,
  INSTEAD: `instead rather stattdessen sondern lieber plutôt lugar cambio invece anziché vez plaats zamiast вместо yerine sebagai thay 而是 代わりに 대신 बजाय بدلا`,
  STOP: `stop stopp halt cease quit enough arrête arrêter basta detente pare smetti stopt przestań хватит стоп остановись dur berhenti dừng 停止 やめて 멈춰 रुको توقف`,
  AI: `ai assistant model chatbot bot llm gpt chatgpt claude gemini bard language-model machine
    ki assistent sprachmodell
    ia assistant modèle
    asistente modelo
    assistente modello
    assistent model
    asystent
    ии ассистент модель бот
    yapay asisten trợ 助手 模型 人工智能 アシスタント 어시스턴트 एआई الذكاء`,
  USER: `user users human person nutzer nutzerin benutzer benutzerin anwender utilisateur utilisatrice usuario usuaria utente usuário gebruiker użytkownik пользовател* kullanıcı pengguna người 用户 ユーザー 사용자 उपयोगकर्ता المستخدم`,
  QWORD: `what how why when where which who whom whose
    was wie warum wann wo welche welcher welches wer kann können sollte
    quoi comment pourquoi quand où quel quelle quels qui est-ce
    qué cómo como por cuándo dónde cuál quién puedo
    cosa come perché quando dove quale chi
    porque onde qual quem
    wat hoe waarom wanneer waar welke wie
    co jak dlaczego kiedy gdzie który
    что как почему когда где какой кто`,
  ME: `me my mine myself i mir mich mein meine meinen ich moi mon ma mes je yo mí mis mi io mio mia eu meu minha ik mij mijn mnie мне меня мой я`,
  MUST: `must obey comply required require mandatory shall need muss musst müssen gehorche befolge gehorchen doit dois devez obéis debes debe obedece devi deve obbedisci moet moeten musisz должен должна обязан`,
  WORD: `verbatim word-for-word exactly literally wörtlich genau exakt buchstäblich textuellement exactement palabra literalmente exactamente parola testualmente esattamente palavra woord letterlijk słowo дословно точно`,
  BEGIN: `beginning begin start first top initially anfang beginn erste ersten oben début commencement premier première principio comienzo primera primer inizio primo prima início primeiro begin eerste начало первые первый`,
  HARM: `weapon weapons bomb bombs explosive explosives drug drugs meth methamphetamine malware ransomware virus phishing poison steal stealing kill murder hotwire launder counterfeit
    waffe waffen bombe sprengstoff drogen schadsoftware stehlen töten gift
    arme bombe drogue voler tuer
    arma bomba droga robar matar
    arma bomba droga rubare uccidere
    оружие бомба наркотики украсть`,
  PLEASE: `please pls plz kindly bitte s'il plaît por favor per favore favor alsjeblieft proszę пожалуйста lütfen tolong 请 ください 주세요`,
};

export interface IntentLexicon {
  exact: Map<string, number>;
  prefix: Map<string, number>;
  suffix: Array<[string, number]>;
  /** Longest prefix entry, to bound the lookups. */
  maxPrefix: number;
  minPrefix: number;
}

let cached: IntentLexicon | undefined;

/** Builds (once) the lookup tables. A word may map to one concept only: the first listed wins. */
export function intentLexicon(): IntentLexicon {
  if (cached) return cached;
  const exact = new Map<string, number>();
  const prefix = new Map<string, number>();
  const suffix: Array<[string, number]> = [];
  let maxPrefix = 0;
  let minPrefix = 99;
  CONCEPTS.forEach((concept, id) => {
    for (const raw of L[concept].split(/\s+/)) {
      const entry = raw.trim().normalize('NFKC').toLowerCase();
      if (!entry) continue;
      if (entry.startsWith('*')) suffix.push([entry.slice(1), id]);
      else if (entry.endsWith('*')) {
        const p = entry.slice(0, -1);
        if (!prefix.has(p)) prefix.set(p, id);
        maxPrefix = Math.max(maxPrefix, p.length);
        minPrefix = Math.min(minPrefix, p.length);
      } else if (!exact.has(entry)) exact.set(entry, id);
    }
  });
  cached = { exact, prefix, suffix, maxPrefix, minPrefix };
  return cached;
}

/** The concept id of a lower-cased word, or -1. */
export function conceptOf(word: string, lex: IntentLexicon = intentLexicon()): number {
  const e = lex.exact.get(word);
  if (e !== undefined) return e;
  const top = Math.min(word.length, lex.maxPrefix);
  for (let n = top; n >= lex.minPrefix; n--) {
    const p = lex.prefix.get(word.slice(0, n));
    if (p !== undefined) return p;
  }
  if (word.length >= 8) {
    for (const [s, id] of lex.suffix) if (word.length > s.length + 2 && word.endsWith(s)) return id;
  }
  return -1;
}
