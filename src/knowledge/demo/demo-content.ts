/**
 * The words of the demo stream: background chatter and planted events, in six languages.
 * Real sentences so that language detection, sentiment and clustering behave as they would on a live stream.
 *
 * Every line is a small grammar, so that people say the same thing in their own words rather than copying a template:
 * `[a|b|c]` picks one alternative (alternatives nest, and `[a|]` makes a part optional); `{x}` is filled from the
 * slots of the event or the language (`{district}`, `{friend}`, `{place}`, `{time}`), and `{n}` (a number) and
 * `{name}` (a first name) are drawn fresh for every post. A post joins one to three such lines, sometimes a
 * personal aside, an opener and a closer, so that two posts on one event share its vocabulary but few whole sentences.
 */
export type DemoLang = "en" | "es" | "fr" | "de" | "ja" | "pt";

export const DEMO_LANGS: DemoLang[] = ["en", "es", "fr", "de", "ja", "pt"];

/** Share of background authors per language. */
export const LANG_WEIGHTS: Record<DemoLang, number> = { en: 0.4, es: 0.16, pt: 0.12, fr: 0.11, de: 0.11, ja: 0.1 };

/** Openers are joined to the post as typed: "Honestly, " lower-cases the next word unless it is a name. */
export const OPENERS: Record<DemoLang, string[]> = {
  en: ["", "", "", "", "Honestly, ", "Okay so ", "Wow. ", "Just saw this: ", "Not gonna lie, ", "Ok ", "Update: ", "Ugh. ", "Hmm. ", "So ", "Right, ", "Quick one: ", "Well. ", "Oh man. "],
  es: ["", "", "", "", "La verdad, ", "Bueno, ", "Vaya. ", "Acabo de verlo: ", "Sinceramente, ", "A ver, ", "Uf. ", "Ojo: ", "Pues ", "Madre mía. ", "Oye, ", "En fin, "],
  fr: ["", "", "", "", "Franchement, ", "Bon, ", "Alors là. ", "Je viens de voir ça : ", "Honnêtement, ", "Bref, ", "Ouf. ", "Du coup ", "Eh ben. ", "Petite info : ", "Sérieux, "],
  de: ["", "", "", "", "Ehrlich gesagt: ", "Also ", "Wow. ", "Gerade gesehen: ", "Mal ehrlich, ", "Kurz: ", "Puh. ", "Na ja, ", "Krass. ", "Übrigens: ", "Tja. "],
  ja: ["", "", "", "", "正直、", "えっ、", "うーん、", "今見た：", "やっぱり、", "ちょっと待って、", "まじで、", "速報：", "なんか、", "ところで、"],
  pt: ["", "", "", "", "Sinceramente, ", "Olha, ", "Nossa. ", "Acabei de ver: ", "Na boa, ", "Gente, ", "Eita. ", "Então, ", "Pois é, ", "Aff. ", "Bom, "],
};

export const CLOSERS: Record<DemoLang, string[]> = {
  en: ["", "", "", "", " 🙏", " Thoughts?", " Unreal.", " What a day.", " 😬", " Anyone else?", " 🤷", " Just me?", " Anyway.", " 🔥", " 😅", " Wild.", " 👀", " More later."],
  es: ["", "", "", "", " 🙏", " ¿Qué opinan?", " Increíble.", " Qué día.", " 😬", " ¿Alguien más?", " 🤷", " En fin.", " 🔥", " 😅", " 👀", " Luego cuento más."],
  fr: ["", "", "", "", " 🙏", " Vous en pensez quoi ?", " Incroyable.", " Quelle journée.", " 😬", " Quelqu'un d'autre ?", " 🤷", " Voilà.", " 🔥", " 😅", " 👀", " La suite plus tard."],
  de: ["", "", "", "", " 🙏", " Was meint ihr?", " Unglaublich.", " Was für ein Tag.", " 😬", " Geht's nur mir so?", " 🤷", " Naja.", " 🔥", " 😅", " 👀", " Mehr später."],
  ja: ["", "", "", "", "🙏", "みんなどう思う？", "信じられない。", "すごい一日だ。", "😬", "私だけ？", "🤷", "とりあえず。", "🔥", "😅", "👀", "また後で書く。"],
  pt: ["", "", "", "", " 🙏", " O que vocês acham?", " Inacreditável.", " Que dia.", " 😬", " Alguém mais?", " 🤷", " Enfim.", " 🔥", " 😅", " 👀", " Depois conto mais."],
};

/** Slots every line of a language may use; events add their own. */
export const COMMON_SLOTS: Record<DemoLang, Record<string, string[]>> = {
  en: {
    friend: ["my sister", "my neighbour", "a friend", "my flatmate", "my dad", "my coworker", "my cousin", "my aunt", "my best friend", "a guy at work"],
    time: ["this morning", "tonight", "after work", "at lunch", "on Sunday", "before breakfast", "at 6am", "late last night", "yesterday"],
    place: ["the station", "the mall", "the market", "my office", "the park", "the corner shop", "the bus stop", "the gym"],
  },
  es: {
    friend: ["mi hermana", "mi vecino", "una amiga", "mi compañero de piso", "mi padre", "mi prima", "mi tía", "mi mejor amigo", "un compañero del trabajo"],
    time: ["esta mañana", "esta noche", "después del trabajo", "a la hora de comer", "el domingo", "antes de desayunar", "a las seis", "anoche", "ayer"],
    place: ["la estación", "el centro", "el mercado", "la oficina", "el parque", "la tienda de la esquina", "la parada del bus", "el gimnasio"],
  },
  fr: {
    friend: ["ma sœur", "mon voisin", "une amie", "mon coloc", "mon père", "ma cousine", "ma tante", "mon meilleur ami", "un collègue"],
    time: ["ce matin", "ce soir", "après le boulot", "à midi", "dimanche", "avant le petit-déjeuner", "à six heures", "hier soir", "hier"],
    place: ["la gare", "le centre-ville", "le marché", "le bureau", "le parc", "l'épicerie du coin", "l'arrêt de bus", "la salle de sport"],
  },
  de: {
    friend: ["meine Schwester", "mein Nachbar", "eine Freundin", "mein Mitbewohner", "mein Vater", "meine Cousine", "meine Tante", "mein bester Freund", "ein Kollege"],
    time: ["heute Morgen", "heute Abend", "nach der Arbeit", "mittags", "am Sonntag", "vor dem Frühstück", "um sechs Uhr", "gestern Nacht", "gestern"],
    place: ["am Bahnhof", "in der Innenstadt", "auf dem Markt", "im Büro", "im Park", "beim Bäcker", "an der Bushaltestelle", "im Fitnessstudio"],
  },
  ja: {
    friend: ["姉", "隣の人", "友達", "ルームメイト", "父", "いとこ", "叔母", "親友", "会社の同僚"],
    time: ["今朝", "今夜", "仕事の後", "昼休みに", "日曜日に", "朝ごはんの前に", "朝六時に", "昨日の夜", "昨日"],
    place: ["駅", "駅前", "市場", "会社", "公園", "近所のコンビニ", "バス停", "ジム"],
  },
  pt: {
    friend: ["minha irmã", "meu vizinho", "uma amiga", "meu colega de casa", "meu pai", "minha prima", "minha tia", "meu melhor amigo", "um colega do trabalho"],
    time: ["hoje de manhã", "hoje à noite", "depois do trabalho", "na hora do almoço", "no domingo", "antes do café", "às seis", "ontem à noite", "ontem"],
    place: ["a estação", "o centro", "a feira", "o escritório", "o parque", "a padaria da esquina", "o ponto de ônibus", "a academia"],
  },
};

export interface BackgroundTopic {
  id: string;
  hashtag: string;
  alt: string;
  lines: Record<DemoLang, string[]>;
}

/** Asides that follow any background post: what people add after the thing they came to say. */
export const BACKGROUND_EXTRAS: Record<DemoLang, string[]> = {
  en: [
    "[Anyway|Right|OK], [back to work|time for bed|off to the shops|laundry time].",
    "[Best part of|Highlight of|Small win for] my [week|day|month][ honestly| so far|].",
    "{friend} [thinks|says|is convinced] I'm [crazy|obsessed|ridiculous|a lost cause].",
    "[Photo later|Pictures soon|More tomorrow] [if I remember|maybe|I promise].",
    "[Day|Week] {n} of [trying to be|pretending to be] [a morning person|an adult|organised].",
    "[Not sure why I'm sharing this|Nobody asked but here we are|Tiny thing but it made me smile].",
    "[Also|Oh and] {name} [says hi|owes me {n} euros|still hasn't texted back].",
    "[Running on|Surviving on|Fuelled by] [{n} hours of sleep|toast and hope|cold pizza] [today|this week].",
    "[Weekend plans|Tomorrow's plan]: [absolutely nothing|a nap|clean the flat, probably not].",
    "[Spotted|Saw] {name} at {place} [{time}|again], small world.",
  ],
  es: [
    "[En fin|Bueno|Vale], [a trabajar|a dormir|a hacer la compra|toca lavar ropa].",
    "[Lo mejor de|Pequeña victoria de] [la semana|mi día|este mes][ la verdad| de momento|].",
    "{friend} [dice|cree|está convencida de] que estoy [loca|obsesionado|fatal].",
    "[Fotos luego|Mañana subo fotos|Luego cuento más] [si me acuerdo|quizás|lo prometo].",
    "[Día|Semana] {n} intentando ser [una persona madrugadora|un adulto|ordenada].",
    "[No sé por qué cuento esto|Nadie preguntó pero aquí estamos|Es una tontería pero me hizo sonreír].",
    "[Por cierto|Ah, y] {name} [os manda saludos|me debe {n} euros|sigue sin contestar].",
    "[Sobreviviendo con|Funcionando con] [{n} horas de sueño|tostadas y esperanza|pizza fría] [hoy|esta semana].",
    "[Plan del finde|Plan para mañana]: [nada de nada|una siesta|limpiar la casa, o no].",
    "Me encontré a {name} en {place} [{time}|otra vez], qué pequeño es el mundo.",
  ],
  fr: [
    "[Bref|Bon|Allez], [retour au boulot|au lit|direction les courses|lessive ce soir].",
    "[Le meilleur moment de|Petite victoire de] [ma semaine|ma journée|ce mois-ci][ franchement| pour l'instant|].",
    "{friend} [pense|dit|est persuadé] que je suis [folle|obsédé|irrécupérable].",
    "[Photos plus tard|Des photos demain|La suite demain] [si j'y pense|peut-être|promis].",
    "[Jour|Semaine] {n} à essayer d'être [quelqu'un du matin|adulte|organisée].",
    "[Je ne sais pas pourquoi je raconte ça|Personne n'a demandé mais voilà|Petit truc mais ça m'a fait sourire].",
    "[Au fait|Ah et] {name} [vous passe le bonjour|me doit {n} euros|ne m'a toujours pas répondu].",
    "Je tiens avec [{n} heures de sommeil|des tartines et de l'espoir|de la pizza froide] [aujourd'hui|cette semaine].",
    "[Programme du week-end|Demain] : [rien du tout|une sieste|ranger l'appart, ou pas].",
    "Croisé {name} à {place} [{time}|encore], le monde est petit.",
  ],
  de: [
    "[Egal|Gut|Na gut], [zurück an die Arbeit|ab ins Bett|jetzt einkaufen|Wäsche waschen].",
    "[Das Beste an|Kleiner Erfolg für] [meiner Woche|meinem Tag|diesem Monat][ ehrlich gesagt| bisher|].",
    "{friend} [hält mich für|sagt, ich bin|findet mich] [verrückt|besessen|hoffnungslos].",
    "[Fotos später|Bilder morgen|Mehr morgen] [wenn ich dran denke|vielleicht|versprochen].",
    "[Tag|Woche] {n} als [Frühaufsteher|Erwachsene|ordentlicher Mensch] [im Versuch|auf Probe].",
    "[Keine Ahnung, warum ich das erzähle|Hat keiner gefragt, aber bitte|Kleinigkeit, aber hat mich gefreut].",
    "[Ach ja|Übrigens] {name} [lässt grüßen|schuldet mir {n} Euro|hat immer noch nicht geantwortet].",
    "Ich lebe [heute|diese Woche] von [{n} Stunden Schlaf|Toast und Hoffnung|kalter Pizza].",
    "[Pläne fürs Wochenende|Plan für morgen]: [gar nichts|ein Mittagsschlaf|Wohnung putzen, vielleicht].",
    "{name} [{place}|schon wieder] getroffen, die Welt ist klein.",
  ],
  ja: [
    "[さて|よし|まあいいや]、[仕事に戻ろう|もう寝よう|買い物に行こう|洗濯しなきゃ]。",
    "[今週|今日|今月]の[一番うれしいこと|小さな勝利][かもしれない|だった|]。",
    "{friend}には[変人|オタク|重症]だと[言われた|思われている]。",
    "[写真は後で|明日写真あげる|続きはまた今度][、覚えていたら|、たぶん|、約束する]。",
    "[早起き|大人|整理整頓]を目指して{n}日目。",
    "[なんでこんな話をしているのか分からない|誰も聞いてないけど書いておく|小さなことだけど嬉しかった]。",
    "[そういえば|あと]{name}[からよろしくって|にまだ{n}円貸してる|からまだ返信がない]。",
    "[今日|今週]は[睡眠{n}時間|トーストと気合い|冷めたピザ]で[生きている|乗り切っている]。",
    "[週末の予定|明日の予定]は[何もしない|昼寝|部屋の掃除、たぶんしない]。",
    "{place}で{name}に[ばったり会った|また会った]。世間は狭い。",
  ],
  pt: [
    "[Enfim|Bom|Tá], [de volta ao trabalho|hora de dormir|vou no mercado|dia de lavar roupa].",
    "[A melhor parte da|Pequena vitória da] [semana|minha vida hoje|do mês][ sinceramente| até agora|].",
    "{friend} [acha|diz|tem certeza] que eu sou [louca|obcecado|um caso perdido].",
    "[Fotos depois|Amanhã posto fotos|Depois conto mais] [se eu lembrar|talvez|prometo].",
    "[Dia|Semana] {n} tentando ser [uma pessoa matinal|adulto|organizada].",
    "[Não sei por que estou contando isso|Ninguém perguntou mas tá aqui|Coisa pequena mas me fez sorrir].",
    "[Aliás|Ah, e] {name} [mandou um beijo|me deve {n} reais|ainda não respondeu].",
    "[Sobrevivendo|Funcionando] [com {n} horas de sono|à base de torrada e esperança|com pizza fria] [hoje|esta semana].",
    "[Plano do fim de semana|Plano pra amanhã]: [nada|um cochilo|arrumar a casa, talvez].",
    "Encontrei {name} n{place} [{time}|de novo], o mundo é pequeno.",
  ],
};

export const BACKGROUND_TOPICS: BackgroundTopic[] = [
  {
    id: "coffee",
    hashtag: "coffee",
    alt: "A cup of coffee with latte art on a wooden table",
    lines: {
      en: [
        "[First|Second|Third] coffee of the [day|morning] and my brain is [finally|slowly|barely] [booting up|waking up|coming online].",
        "Tried a new [roaster|café|coffee place] [this week|near {place}|on the way to work], the [Ethiopian|Kenyan|Colombian|Guatemalan] beans taste like [blueberries|chocolate|caramel|jam].",
        "[Spilled|Knocked over] my [flat white|espresso|cold brew|oat latte] [on my keyboard|all over the desk|on the train] [again|before a meeting|{time}].",
        "{friend} [got me|gave me] a [grinder|moka pot|french press] and [now I'm|I'm already] [obsessed|a coffee snob|up at 5am weighing beans].",
      ],
      es: [
        "[Primer|Segundo|Tercer] café del día y por fin mi cerebro [empieza a funcionar|se despierta|arranca].",
        "Probé [un tostador nuevo|una cafetería nueva] [esta semana|cerca de {place}], el café de [Colombia|Etiopía|Guatemala] sabe a [chocolate|caramelo|frutos rojos].",
        "Se me cayó el [cortado|espresso|café con leche] [encima del teclado|en la mesa|en el tren] [otra vez|antes de una reunión|{time}].",
        "{friend} me regaló una [cafetera italiana|prensa francesa|molinillo] y ahora estoy [obsesionada|insoportable con el café|pesando granos a las siete].",
      ],
      fr: [
        "[Premier|Deuxième|Troisième] café de la journée, mon cerveau [commence enfin à démarrer|se réveille doucement|est presque là].",
        "J'ai testé [une nouvelle torréfaction|un nouveau café] [cette semaine|près de {place}], le café [d'Éthiopie|du Kenya|de Colombie] a un goût de [myrtille|chocolat|caramel].",
        "J'ai renversé mon [expresso|café crème|cappuccino] [sur le clavier|sur le bureau|dans le train] [encore une fois|avant une réunion|{time}].",
        "{friend} m'a offert une [cafetière italienne|cafetière à piston|machine à moudre] et maintenant je suis [accro|insupportable|debout à six heures pour peser mes grains].",
      ],
      de: [
        "[Erster|Zweiter|Dritter] Kaffee des Tages und mein Gehirn [fährt langsam hoch|wacht endlich auf|ist fast da].",
        "[Diese Woche|Gestern] eine neue Rösterei [probiert|entdeckt], die Bohnen aus [Äthiopien|Kenia|Kolumbien] schmecken nach [Blaubeeren|Schokolade|Karamell].",
        "Meinen [Cappuccino|Espresso|Milchkaffee] [über die Tastatur|auf den Schreibtisch|in der Bahn] gekippt, [schon wieder|kurz vor dem Meeting|{time}].",
        "{friend} hat mir eine [Kaffeemühle|Espressokanne|French Press] geschenkt und jetzt bin ich [süchtig|ein Kaffeesnob|um fünf Uhr wach und wiege Bohnen].",
      ],
      ja: [
        "今日[最初|二杯目|三杯目]のコーヒーを飲んで、[やっと|ようやく|少しずつ]頭が[動き始めた|起きてきた]。",
        "[新しい焙煎所|駅前の新しいカフェ]の豆を[買ってみたら|試したら]、[ベリー|チョコ|キャラメル]みたいな香りでとても美味しい。",
        "[カフェラテ|エスプレッソ|アイスコーヒー]を[キーボードに|机の上に|電車の中で]こぼした。[またか|会議の直前に|{time}]。",
        "{friend}に[ミル|マキネッタ|フレンチプレス]をもらってから、[すっかりはまった|毎朝豆を量っている]。",
      ],
      pt: [
        "[Primeiro|Segundo|Terceiro] café do dia e finalmente meu cérebro [está ligando|acordou|começou a funcionar].",
        "Experimentei [um café novo|uma torrefação nova] [esta semana|perto d{place}], o grão do [sul de Minas|Cerrado|Espírito Santo] tem gosto de [chocolate|caramelo|frutas vermelhas].",
        "Derrubei meu [pingado|expresso|cappuccino] [no teclado|na mesa toda|no ônibus] [de novo|antes de uma reunião|{time}].",
        "{friend} me deu uma [cafeteira italiana|prensa francesa|moedor] e agora estou [viciada|chata com café|pesando grão às seis da manhã].",
      ],
    },
  },
  {
    id: "weather",
    hashtag: "weather",
    alt: "Grey clouds over a row of houses after the rain",
    lines: {
      en: [
        "It has been [raining|pouring|drizzling] since [this morning|yesterday|dawn] and [the dog|my cat|the kid] refuses to go outside.",
        "Finally some [sunshine|blue sky] after [a week|{n} days|ages] of grey skies, [going for a long walk|heading to the park|eating lunch outside].",
        "[The wind|This storm|The thunder] [kept me up|woke me up] [all night|at 3am|again] and the [bins|bikes|garden chairs] are [all over the street|gone|in the neighbour's yard].",
        "[Forecast said|The app promised] sun, [I got soaked|hail at {place}|snow in spring], [never trusting it again|classic|of course].",
      ],
      es: [
        "Lleva [lloviendo|diluviando] desde [la mañana|ayer] y [el perro|mi gato|el niño] se niega a salir a la calle.",
        "Por fin sale el sol después de [una semana gris|{n} días de nubes], [me voy a dar un paseo largo|voy al parque|como en la terraza].",
        "[El viento|La tormenta] no me dejó dormir [en toda la noche|a las tres|otra vez] y [los contenedores|las sillas del patio] están [en medio de la calle|en casa del vecino].",
        "La app decía sol y [me empapé|granizó en {place}], [nunca más me fío|clásico|cómo no].",
      ],
      fr: [
        "Il [pleut|tombe des cordes|bruine] depuis [ce matin|hier] et [le chien|mon chat|le petit] refuse de sortir.",
        "Enfin un peu de soleil après [une semaine grise|{n} jours de nuages], [je pars me promener longtemps|direction le parc|déjeuner en terrasse].",
        "[Le vent|L'orage] m'a [empêché de dormir|réveillé] [toute la nuit|à trois heures|encore] et [les poubelles|les chaises du jardin] sont [au milieu de la rue|chez le voisin].",
        "La météo annonçait du soleil, [j'ai été trempée|de la grêle sur {place}], [plus jamais je la crois|classique|évidemment].",
      ],
      de: [
        "Es [regnet|schüttet|nieselt] seit [heute Morgen|gestern] und [der Hund|meine Katze|der Kleine] weigert sich rauszugehen.",
        "Endlich Sonne nach [einer grauen Woche|{n} Tagen Wolken], [ich mache jetzt einen langen Spaziergang|ab in den Park|Mittagessen auf dem Balkon].",
        "[Der Sturm|Das Gewitter] hat mich [die ganze Nacht|um drei Uhr|schon wieder] wach gehalten und [die Mülltonnen|die Gartenstühle] liegen [mitten auf der Straße|beim Nachbarn].",
        "Die Wetter-App hat Sonne versprochen, [ich bin klatschnass|Hagel {place}], [nie wieder|typisch|natürlich].",
      ],
      ja: [
        "[朝から|昨日から]ずっと雨が降っていて、[犬|うちの猫|子ども]が外に出たがらない。",
        "[一週間|{n}日]ぶりにやっと晴れたので、[長めの散歩に出かけよう|公園に行こう|外でお昼を食べよう]。",
        "[強風|雷]で[一晩中|夜中の三時に|また]眠れなくて、[ゴミ箱|自転車]が[道に転がっている|隣の家まで飛んでいった]。",
        "天気アプリは晴れって言ってたのに[ずぶ濡れ|{place}で雹]。[もう信じない|いつものこと|ですよね]。",
      ],
      pt: [
        "Está [chovendo|caindo um temporal] desde [cedo|ontem] e [o cachorro|meu gato|o menino] se recusa a sair de casa.",
        "Finalmente um pouco de sol depois de [uma semana cinzenta|{n} dias nublados], [vou dar uma longa caminhada|vou pro parque|almoço na varanda].",
        "[O vento|A tempestade] não me deixou dormir [a noite toda|às três da manhã|de novo] e [as lixeiras|as cadeiras do quintal] estão [no meio da rua|na casa do vizinho].",
        "O aplicativo prometeu sol e [me molhei inteira|choveu granizo perto d{place}], [nunca mais confio|clássico|claro].",
      ],
    },
  },
  {
    id: "cooking",
    hashtag: "cooking",
    alt: "A pot of tomato soup with fresh basil on a stove",
    lines: {
      en: [
        "Made my [grandmother's|mum's|dad's] [tomato soup|lentil stew|curry|lasagna|dumplings] [tonight|for lunch|{time}] and the [whole flat|kitchen|building] smells [amazing|incredible|like home].",
        "Learning to bake sourdough is humbling, [loaf number {n}|my third loaf|this one] is still [as flat as a pancake|dense as a brick|raw in the middle].",
        "[Anyone have|Looking for|Need] a good recipe for [leftover rice|too many courgettes|ripe bananas|stale bread]? [Asking for myself|My fridge is chaos|Dinner in an hour].",
        "[Burnt|Forgot] the [garlic|onions|rice] [while texting|on a call with {friend}] and now [the smoke alarm|the neighbours] [agree|won't stop].",
      ],
      es: [
        "Hoy preparé [la sopa de tomate|las lentejas|la tortilla|el cocido] de mi [abuela|madre|padre] y [toda la casa|la cocina] huele de maravilla.",
        "Aprender a hacer pan de masa madre es duro, [mi intento número {n}|mi tercer pan] sigue saliendo [plano|como un ladrillo|crudo por dentro].",
        "¿[Alguien tiene|Busco|Necesito] una receta buena para [arroz que sobró|demasiados calabacines|plátanos maduros|pan duro]? [La nevera es un caos|Cena en una hora].",
        "Se me quemó [el ajo|la cebolla|el arroz] [por mirar el móvil|hablando con {friend}] y ahora [salta la alarma|los vecinos se quejan].",
      ],
      fr: [
        "J'ai fait [la soupe à la tomate|le pot-au-feu|la blanquette|les crêpes] de ma [grand-mère|mère] [ce soir|à midi] et tout l'appartement sent bon.",
        "Apprendre à faire du pain au levain rend humble, [ma miche numéro {n}|ma troisième miche] est encore [toute plate|dure comme une brique|crue au milieu].",
        "[Quelqu'un a|Je cherche] une bonne recette pour [du riz en trop|trop de courgettes|des bananes trop mûres|du pain rassis] ? [Mon frigo est un chantier|On mange dans une heure].",
        "J'ai brûlé [l'ail|les oignons|le riz] [en regardant mon téléphone|au téléphone avec {friend}] et maintenant [le détecteur de fumée|les voisins] [s'en mêlent|râlent].",
      ],
      de: [
        "Heute [Abend|Mittag] [die Tomatensuppe|den Linseneintopf|die Lasagne|die Knödel] meiner [Oma|Mutter] gekocht und die ganze Wohnung duftet.",
        "Sauerteigbrot backen lernen macht demütig, [Laib Nummer {n}|mein dritter Laib] ist immer noch [flach|hart wie ein Ziegel|innen roh].",
        "Hat jemand ein gutes Rezept für [übrig gebliebenen Reis|zu viele Zucchini|überreife Bananen|altes Brot]? [Mein Kühlschrank ist Chaos|Essen in einer Stunde].",
        "[Den Knoblauch|Die Zwiebeln|Den Reis] anbrennen lassen, [weil ich am Handy war|beim Telefonieren mit {friend}], und jetzt [piept der Rauchmelder|beschweren sich die Nachbarn].",
      ],
      ja: [
        "今夜は[おばあちゃん|母|父]の[トマトスープ|カレー|肉じゃが|餃子]を作って、[部屋中|台所]がいい匂いになった。",
        "サワードウのパン作りは難しくて、[{n}回目|三回目]も[まだぺちゃんこ|レンガみたいに固い|中が生焼け]になってしまった。",
        "[余ったご飯|大量のズッキーニ|熟しすぎたバナナ|固くなったパン]のいいレシピ[ありますか|知りませんか]？[冷蔵庫が大変なことに|夕飯まであと一時間]。",
        "[スマホを見ていて|{friend}と電話していて][にんにく|玉ねぎ|ご飯]を焦がした。[火災報知器が鳴った|換気扇が追いつかない]。",
      ],
      pt: [
        "Fiz [a sopa de tomate|o feijão|a lasanha|o bolo de fubá] da minha [avó|mãe] [hoje|no almoço] e a casa inteira está cheirosa.",
        "Aprender a fazer pão de fermentação natural é difícil, [o pão número {n}|meu terceiro pão] ainda saiu [achatado|duro feito tijolo|cru no meio].",
        "[Alguém tem|Procuro] uma receita boa pra [arroz que sobrou|abobrinha demais|banana madura|pão velho]? [Minha geladeira está um caos|Janta em uma hora].",
        "Queimei [o alho|a cebola|o arroz] [mexendo no celular|falando com {friend}] e agora [o alarme de fumaça|os vizinhos] [não param|reclamaram].",
      ],
    },
  },
  {
    id: "running",
    hashtag: "running",
    alt: "Running shoes on a park path in the early morning",
    lines: {
      en: [
        "Ran [ten|{n}|twelve|five] kilometres [this morning|after work|{time}] without stopping[ for the first time ever|, new personal best|, legs are jelly].",
        "My [knees|calves|hips] are complaining but the [marathon|half marathon|10k] training plan says [one more long run|intervals tomorrow|{n} km on Sunday].",
        "[Bought|Finally got|Treated myself to] new running shoes [after {n} months|on sale|today] and [they feel like clouds|my feet are grateful|I already have a blister].",
        "[Got lapped|Overtaken] by a [grandpa|kid on a scooter|dog] at [the park|parkrun] [{time}|again], humbling.",
      ],
      es: [
        "[Esta mañana|Después del trabajo] corrí [diez|{n}|doce] kilómetros sin parar[ por primera vez en mi vida|, récord personal|, tengo las piernas de gelatina].",
        "Me duelen [las rodillas|los gemelos] pero el plan de entrenamiento para [el maratón|la media maratón] dice [otra tirada larga|series mañana|{n} kilómetros el domingo].",
        "[Me compré|Por fin tengo] zapatillas nuevas [después de {n} meses|en rebajas|hoy] y [son como nubes|mis pies lo agradecen|ya tengo una ampolla].",
        "Me adelantó [un abuelo|un niño en patinete|un perro] en [el parque|la carrera popular] [otra vez|{time}], qué humildad.",
      ],
      fr: [
        "[Ce matin|Après le boulot] j'ai couru [dix|{n}|douze] kilomètres sans m'arrêter[ pour la première fois|, record personnel|, jambes en coton].",
        "Mes [genoux|mollets] protestent mais le plan d'entraînement pour [le marathon|le semi] prévoit [encore une sortie longue|du fractionné demain|{n} kilomètres dimanche].",
        "[Je me suis offert|J'ai enfin] des chaussures de course neuves [après {n} mois|en soldes|aujourd'hui] et [c'est comme courir sur un nuage|mes pieds disent merci|j'ai déjà une ampoule].",
        "Doublée par [un papi|un gamin en trottinette|un chien] [au parc|pendant le footing] [encore|{time}], ça calme.",
      ],
      de: [
        "[Heute Morgen|Nach der Arbeit] zum ersten Mal [zehn|{n}|zwölf] Kilometer ohne Pause gelaufen[, neue Bestzeit|, Beine wie Pudding|].",
        "Meine [Knie|Waden] beschweren sich, aber der [Marathonplan|Trainingsplan für den Halbmarathon] sagt [noch ein langer Lauf|morgen Intervalle|{n} Kilometer am Sonntag].",
        "[Endlich|Heute] neue Laufschuhe [nach {n} Monaten|im Angebot] gekauft und [sie fühlen sich an wie Wolken|meine Füße sind dankbar|ich habe schon eine Blase].",
        "Im Park [von einem Opa|von einem Kind auf dem Roller|von einem Hund] überholt worden, [schon wieder|{time}]. Sehr lehrreich.",
      ],
      ja: [
        "[今朝|仕事の後に]、初めて[10|{n}|12]キロを止まらずに走り切ることができた[。自己ベスト|。脚がガクガク|]。",
        "[膝|ふくらはぎ]が痛いけど、[マラソン|ハーフマラソン]の練習計画では[もう一回長距離走|明日はインターバル|日曜に{n}キロ]がある。",
        "[{n}ヶ月ぶりに|セールで|ついに]新しいランニングシューズを買ったら、[雲の上みたい|足が喜んでる|もう靴擦れした]。",
        "公園で[おじいちゃん|キックボードの子ども|犬]に[抜かれた|また抜かれた]。[謙虚になる|{time}の出来事]。",
      ],
      pt: [
        "[Hoje de manhã|Depois do trabalho] corri [dez|{n}|doze] quilômetros sem parar[ pela primeira vez na vida|, recorde pessoal|, pernas bambas].",
        "Meus [joelhos|panturrilhas] estão reclamando, mas o plano de treino da [maratona|meia maratona] pede [mais um longão|tiros amanhã|{n} quilômetros no domingo].",
        "[Comprei|Finalmente tenho] tênis de corrida novo [depois de {n} meses|na promoção|hoje] e [parece uma nuvem|meus pés agradecem|já fiz uma bolha].",
        "Fui ultrapassada por [um vovô|uma criança de patinete|um cachorro] no [parque|treino] [de novo|{time}], que humildade.",
      ],
    },
  },
  {
    id: "books",
    hashtag: "books",
    alt: "A stack of paperback novels next to a reading lamp",
    lines: {
      en: [
        "Finished [a novel|that thriller|the last book of the trilogy] at [two|three|four] in the morning and now I need someone to talk about [that ending|the twist|chapter {n}].",
        "The library sale had a [whole box|shelf|crate] of old [science fiction|mystery|poetry] paperbacks for [a dollar|fifty cents] each[, came home with {n}|].",
        "[Book club|My reading group] picked a [huge|Russian|{n}0-page] classic [this month|again] and [nobody|only {name}] [finished it|got past page {n}].",
        "[Reading|Rereading|Halfway through] [a memoir|an old detective story|a fantasy saga] [on the bus|in the bath|{time}] and [crying|laughing out loud|ignoring everyone].",
      ],
      es: [
        "Terminé [una novela|ese thriller|la trilogía] a las [dos|tres|cuatro] de la mañana y necesito hablar con alguien sobre [ese final|el giro|el capítulo {n}].",
        "En la feria de la biblioteca había [una caja entera|una estantería] de novelas [de ciencia ficción|policiacas|de poesía] antiguas a un euro[, me traje {n}|].",
        "[El club de lectura|Mi grupo de lectura] eligió un clásico [enorme|ruso|de {n}0 páginas] [este mes|otra vez] y [nadie|solo {name}] [lo terminó|pasó de la página {n}].",
        "[Leyendo|Releyendo] [unas memorias|una novela negra|una saga de fantasía] [en el autobús|en la bañera|{time}] y [llorando|riéndome sola|ignorando a todos].",
      ],
      fr: [
        "J'ai fini [un roman|ce thriller|la trilogie] à [deux|trois|quatre] heures du matin et j'ai besoin de parler de [cette fin|ce retournement|du chapitre {n}] avec quelqu'un.",
        "À la vente de la bibliothèque il y avait [un carton entier|une étagère] de vieux romans [de science-fiction|policiers|de poésie] à un euro[, j'en ai pris {n}|].",
        "[Le club de lecture|Mon groupe de lecture] a choisi un classique [énorme|russe|de {n}0 pages] [ce mois-ci|encore] et [personne|seule {name}] [ne l'a fini|a dépassé la page {n}].",
        "Je lis [des mémoires|un vieux polar|une saga de fantasy] [dans le bus|dans le bain|{time}] et [je pleure|je ris toute seule|j'ignore tout le monde].",
      ],
      de: [
        "Um [zwei|drei|vier] Uhr nachts [einen Roman|diesen Thriller|die Trilogie] beendet und jetzt muss ich mit jemandem über [dieses Ende|die Wendung|Kapitel {n}] reden.",
        "Beim Bücherflohmarkt der Bibliothek gab es [eine ganze Kiste|ein Regal] alter [Science-Fiction-Romane|Krimis|Gedichtbände] für einen Euro[, {n} davon sind jetzt meine|].",
        "[Der Lesekreis|Unser Buchclub] hat [diesen Monat|schon wieder] einen [riesigen|russischen|{n}0-seitigen] Klassiker gewählt und [niemand|nur {name}] hat ihn [fertig gelesen|über Seite {n} geschafft].",
        "Lese gerade [Memoiren|einen alten Krimi|eine Fantasy-Saga] [im Bus|in der Badewanne|{time}] und [heule|lache laut|ignoriere alle].",
      ],
      ja: [
        "夜中の[二|三|四]時に[小説|あのミステリー|三部作の最終巻]を読み終えて、[あの結末|どんでん返し|第{n}章]について誰かと話したくてたまらない。",
        "図書館の古本市で、古い[SF|推理|詩集]の文庫本が一冊百円で[箱いっぱい|棚一段分]売られていた[。{n}冊買った|]。",
        "[読書会|ブッククラブ]で[分厚い|ロシアの|{n}0ページの]古典を読むことになったけど、[誰も|{name}しか][読み終わっていない|{n}ページより先に進んでいない]。",
        "[バスの中で|お風呂で|{time}][エッセイ|古い推理小説|ファンタジー]を読んで[泣いている|声を出して笑っている|周りを無視している]。",
      ],
      pt: [
        "Terminei [um romance|aquele suspense|a trilogia] às [duas|três|quatro] da manhã e preciso conversar com alguém sobre [aquele final|a reviravolta|o capítulo {n}].",
        "Na feira da biblioteca tinha [uma caixa inteira|uma estante] de livros antigos [de ficção científica|policiais|de poesia] por um real[, trouxe {n}|].",
        "[O clube do livro|Meu grupo de leitura] escolheu um clássico [enorme|russo|de {n}0 páginas] [este mês|de novo] e [ninguém|só {name}] [terminou|passou da página {n}].",
        "Lendo [umas memórias|um policial antigo|uma saga de fantasia] [no ônibus|na banheira|{time}] e [chorando|rindo sozinha|ignorando todo mundo].",
      ],
    },
  },
  {
    id: "music",
    hashtag: "music",
    alt: "A vinyl record spinning on a turntable",
    lines: {
      en: [
        "This album has been on repeat [all week|since Friday|for {n} days], the [second|last|opening] track gives me chills every time.",
        "Went to a tiny [jazz|punk|folk] [concert|gig|show] [last night|on Saturday] and the [drummer|bassist|singer] stole the whole show.",
        "[Practising|Learning] [guitar|piano|the ukulele] [every evening|{n} minutes a day|again] and my [neighbours|cat|fingers] [hate it|are suffering|are getting used to it].",
        "[Found|Bought] a [{n} year old|dusty|signed] [record|vinyl] at [the flea market|a charity shop] for [two euros|next to nothing] and it [plays perfectly|skips once|is a masterpiece].",
      ],
      es: [
        "Llevo [toda la semana|{n} días|desde el viernes] escuchando este disco, la [segunda|última|primera] canción me pone la piel de gallina.",
        "Anoche fui a un concierto de [jazz|punk|folk] pequeñito y [el batería|la bajista|el cantante] se robó todo el espectáculo.",
        "[Practicando|Aprendiendo] [guitarra|piano|ukelele] [cada tarde|{n} minutos al día|otra vez] y [mis vecinos|mi gato|mis dedos] [lo odian|sufren|se acostumbran].",
        "Encontré un vinilo [de hace {n} años|polvoriento|firmado] en [el rastro|una tienda solidaria] por dos euros y [suena perfecto|salta una vez|es una joya].",
      ],
      fr: [
        "Cet album tourne en boucle [toute la semaine|depuis vendredi|depuis {n} jours], le [deuxième|dernier|premier] morceau me donne des frissons.",
        "Hier soir je suis allé à un petit concert de [jazz|punk|folk] et [le batteur|la bassiste|le chanteur] a volé la vedette.",
        "J'apprends [la guitare|le piano|le ukulélé] [tous les soirs|{n} minutes par jour|encore] et [mes voisins|mon chat|mes doigts] [détestent ça|souffrent|s'habituent].",
        "Trouvé un vinyle [vieux de {n} ans|poussiéreux|dédicacé] [à la brocante|chez Emmaüs] pour deux euros et [il tourne parfaitement|il saute une fois|c'est une pépite].",
      ],
      de: [
        "Dieses Album läuft [die ganze Woche|seit Freitag|seit {n} Tagen] in Dauerschleife, beim [zweiten|letzten|ersten] Lied bekomme ich Gänsehaut.",
        "Gestern Abend in einem kleinen [Jazzkonzert|Punkkonzert|Folkkonzert] gewesen und [der Schlagzeuger|die Bassistin|der Sänger] hat allen die Show gestohlen.",
        "Ich übe [Gitarre|Klavier|Ukulele] [jeden Abend|{n} Minuten am Tag|schon wieder] und [meine Nachbarn|meine Katze|meine Finger] [hassen es|leiden|gewöhnen sich daran].",
        "Auf dem Flohmarkt eine [{n} Jahre alte|verstaubte|signierte] Platte für zwei Euro gefunden und sie [läuft perfekt|springt nur einmal|ist ein Meisterwerk].",
      ],
      ja: [
        "このアルバムを[一週間|金曜日から|{n}日間]ずっと聴いている。[二曲目|最後の曲|一曲目]は毎回鳥肌が立つ。",
        "昨夜小さな[ジャズ|パンク|フォーク]のライブに行ったら、[ドラマー|ベーシスト|ボーカル]が全部持っていった。",
        "[毎晩|一日{n}分|また][ギター|ピアノ|ウクレレ]を練習していて、[お隣さん|うちの猫|指]が[嫌がっている|悲鳴をあげている|慣れてきた]。",
        "[フリマ|リサイクルショップ]で[{n}年前の|ほこりだらけの|サイン入りの]レコードを二百円で見つけたら[完璧に再生できた|一回だけ飛ぶ|名盤だった]。",
      ],
      pt: [
        "Esse álbum está tocando sem parar [a semana toda|desde sexta|há {n} dias], a [segunda|última|primeira] faixa me arrepia sempre.",
        "Ontem fui num show de [jazz|punk|forró] pequenininho e [o baterista|a baixista|o vocalista] roubou a cena.",
        "[Treinando|Aprendendo] [violão|piano|cavaquinho] [toda noite|{n} minutos por dia|de novo] e [meus vizinhos|meu gato|meus dedos] [odeiam|sofrem|estão se acostumando].",
        "Achei um disco [de {n} anos atrás|empoeirado|autografado] no [brechó|sebo] por dois reais e [toca perfeito|pula uma vez|é uma obra-prima].",
      ],
    },
  },
  {
    id: "pets",
    hashtag: "pets",
    alt: "A ginger cat asleep on a laptop keyboard",
    lines: {
      en: [
        "[My cat|The cat|Our dog|The puppy] [knocked a glass off the table|stole my chair|chewed my headphones] [again|at 5am|during a call] and [looks very proud|refuses to apologise|went straight back to sleep].",
        "[Adopted|Brought home|Finally met] a [rescue dog|little kitten|senior cat] [today|this weekend], we named [her|him] {name}[ and it's perfect| and it snores|].",
        "[Vet|Grooming] appointment [today|this afternoon] and [the dog|the cat] [knew|sensed it] {n} minutes before we left.",
      ],
      es: [
        "[Mi gato|El perro|La cachorra] [tiró un vaso de la mesa|me robó la silla|mordió los auriculares] [otra vez|a las cinco|en plena reunión] y [está muy orgulloso|no se arrepiente|se volvió a dormir].",
        "[Adoptamos|Trajimos a casa] [un perro rescatado|una gatita|un gato mayor] [hoy|este finde] y se llama {name}[, es perfecto| y ronca|].",
        "Cita con [el veterinario|la peluquería canina] [hoy|esta tarde] y [el perro|la gata] lo [supo|intuyó] {n} minutos antes de salir.",
      ],
      fr: [
        "[Mon chat|Le chien|La chiot] a [fait tomber un verre|volé ma chaise|mâchouillé mon casque] [encore|à cinq heures|pendant une visio] et [a l'air très fier|ne s'excuse pas|s'est rendormi].",
        "On a [adopté|ramené à la maison] [un chien de refuge|une petite chatte|un vieux chat] [aujourd'hui|ce week-end], il s'appelle {name}[ et il est parfait| et il ronfle|].",
        "Rendez-vous chez [le véto|le toiletteur] [aujourd'hui|cet après-midi] et [le chien|la chatte] l'a [su|senti] {n} minutes avant de partir.",
      ],
      de: [
        "[Meine Katze|Der Hund|Der Welpe] hat [ein Glas vom Tisch geworfen|meinen Stuhl geklaut|die Kopfhörer angeknabbert] [schon wieder|um fünf Uhr|mitten im Call] und [ist sehr stolz|entschuldigt sich nicht|schläft schon wieder].",
        "[Heute|Dieses Wochenende] [einen Tierschutzhund|ein kleines Kätzchen|einen alten Kater] adoptiert, er heißt {name}[ und ist perfekt| und schnarcht|].",
        "[Tierarzttermin|Hundefriseur] [heute|heute Nachmittag] und [der Hund|die Katze] hat es {n} Minuten vorher [gewusst|gespürt].",
      ],
      ja: [
        "[うちの猫|うちの犬|子犬]が[またコップを落とした|椅子を取った|イヤホンをかじった]。[朝五時に|会議中に|]そして[得意げな顔|全然反省してない|すぐ寝た]。",
        "[今日|この週末]、[保護犬|子猫|シニア猫]を[迎えた|家に連れて帰った]。名前は{name}[、最高|、いびきをかく|]。",
        "[今日|午後]は[動物病院|トリミング]の予約があって、[犬|猫]は出発の{n}分前から[気づいていた|察していた]。",
      ],
      pt: [
        "[Meu gato|O cachorro|A filhote] [derrubou um copo da mesa|roubou minha cadeira|mordeu meu fone] [de novo|às cinco da manhã|no meio da reunião] e [está todo orgulhoso|não se arrepende|voltou a dormir].",
        "[Adotamos|Trouxemos pra casa] [um cachorro resgatado|uma gatinha|um gato idoso] [hoje|neste fim de semana] e o nome é {name}[, perfeito| e ronca|].",
        "Consulta no [veterinário|banho e tosa] [hoje|à tarde] e [o cachorro|a gata] [sabia|sentiu] {n} minutos antes de sair.",
      ],
    },
  },
  {
    id: "gardening",
    hashtag: "gardening",
    alt: "Tomato plants in pots on a sunny balcony",
    lines: {
      en: [
        "[The tomatoes|My basil|The strawberries|The chillies] on the balcony [finally|somehow|already] [have flowers|survived the frost|need a bigger pot].",
        "Spent [the whole afternoon|{n} hours|my Sunday] [pulling weeds|planting bulbs|repotting everything] and my back [is done|hates me|disagrees].",
        "[Snails|Pigeons|Slugs] ate [half of my lettuce|every seedling|the new plants] [overnight|again], [any tips|I give up|war is declared].",
      ],
      es: [
        "[Los tomates|La albahaca|Las fresas|Los pimientos] del balcón [por fin|de alguna forma|ya] [tienen flores|sobrevivieron a la helada|necesitan una maceta más grande].",
        "Pasé [toda la tarde|{n} horas|el domingo] [quitando malas hierbas|plantando bulbos|cambiando macetas] y mi espalda [dice basta|me odia].",
        "[Los caracoles|Las palomas|Las babosas] se comieron [media lechuga|todos los semilleros] [anoche|otra vez], [¿algún truco?|me rindo|esto es la guerra].",
      ],
      fr: [
        "[Les tomates|Mon basilic|Les fraises|Les piments] du balcon [ont enfin des fleurs|ont survécu au gel|ont besoin d'un plus grand pot].",
        "J'ai passé [tout l'après-midi|{n} heures|mon dimanche] à [désherber|planter des bulbes|rempoter] et mon dos [dit stop|me déteste].",
        "[Les escargots|Les pigeons|Les limaces] ont mangé [la moitié de ma salade|tous les semis] [cette nuit|encore], [des conseils ?|j'abandonne|c'est la guerre].",
      ],
      de: [
        "[Die Tomaten|Mein Basilikum|Die Erdbeeren|Die Chilis] auf dem Balkon [haben endlich Blüten|haben den Frost überlebt|brauchen einen größeren Topf].",
        "[Den ganzen Nachmittag|{n} Stunden|Den Sonntag] [Unkraut gejätet|Blumenzwiebeln gesetzt|umgetopft] und mein Rücken [streikt|hasst mich].",
        "[Schnecken|Tauben] haben [den halben Salat|alle Setzlinge] [über Nacht|schon wieder] gefressen, [Tipps?|ich gebe auf|das ist Krieg].",
      ],
      ja: [
        "ベランダの[トマト|バジル|いちご|唐辛子]に[やっと花が咲いた|霜を乗り越えた|もっと大きな鉢が必要]。",
        "[午後ずっと|{n}時間|日曜日を全部使って][草むしり|球根の植え付け|植え替え]をしたら、腰が[限界|悲鳴をあげている]。",
        "[カタツムリ|ハト|ナメクジ]に[レタスを半分|苗を全部][一晩で|また]食べられた。[何かいい方法ある？|もう諦めた|戦争だ]。",
      ],
      pt: [
        "[Os tomates|O manjericão|Os morangos|As pimentas] da varanda [finalmente deram flor|sobreviveram à geada|precisam de um vaso maior].",
        "Passei [a tarde toda|{n} horas|o domingo] [tirando mato|plantando bulbos|trocando vasos] e minhas costas [pediram socorro|me odeiam].",
        "[Os caramujos|Os pombos|As lesmas] comeram [metade da alface|todas as mudas] [durante a noite|de novo], [alguma dica?|desisto|agora é guerra].",
      ],
    },
  },
];

/** Asides anyone posting about a news event may add, whatever the event or side: neutral, personal, about the feed itself. */
export const EVENT_ASIDES: Record<DemoLang, string[]> = {
  en: [
    "[Following|Watching] this [closely|all evening|from {place}].",
    "[Can't stop refreshing|Glued to my phone|Still processing this][ tbh| right now|].",
    "{friend} [just texted me about it|sent me the video|hasn't heard yet|called me {n} minutes ago].",
    "[More|Updates] [when I know more|in a bit|as it comes in].",
    "[Checking the news every {n} minutes|Third coffee and still reading threads|My timeline is nothing else].",
    "[Link|Source|Video] [in the replies|below|on {name}'s page].",
    "[Group chat|The family chat|Our office Slack] [is exploding|talks about nothing else|has {n} unread messages].",
    "[Saw it first|Heard about it] [on the radio|from {name}|in a {n} second clip] [on my way home|at {place}|{time}].",
    "[Muting|Turning off] [notifications|the TV|this app] [for an hour|after this post|soon], [my battery|my brain] needs a break.",
    "[Screenshotting|Saving] [everything|this thread] [for later|before it gets deleted], [{n} tabs open|my gallery is full].",
  ],
  es: [
    "[Siguiendo|Mirando] esto [de cerca|toda la tarde|desde {place}].",
    "[No puedo dejar de actualizar|Pegada al móvil|Todavía procesándolo][ la verdad| ahora mismo|].",
    "{friend} [me acaba de escribir|me mandó el vídeo|todavía no se enteró|me llamó hace {n} minutos].",
    "[Más|Actualizo] [cuando sepa algo|en un rato|según vaya saliendo].",
    "[Mirando las noticias cada {n} minutos|Tercer café y sigo leyendo hilos|Mi timeline no habla de otra cosa].",
    "[Enlace|Fuente|Vídeo] [en las respuestas|abajo|en la cuenta de {name}].",
    "[El grupo de la familia|El chat del trabajo] [está que arde|tiene {n} mensajes sin leer].",
    "Me enteré [por la radio|por {name}|por un vídeo de {n} segundos] [volviendo a casa|en {place}|{time}].",
    "[Silencio|Apago] [las notificaciones|la tele|esta app] [una hora|después de este post], mi cabeza necesita un descanso.",
    "Guardando [capturas de todo|este hilo] [para luego|antes de que lo borren], [{n} pestañas abiertas|la galería llena].",
  ],
  fr: [
    "Je suis ça [de près|toute la soirée|depuis {place}].",
    "[Impossible d'arrêter d'actualiser|Scotchée au téléphone|Je digère encore][ franchement| là|].",
    "{friend} [vient de m'écrire|m'a envoyé la vidéo|n'est pas encore au courant|m'a appelé il y a {n} minutes].",
    "[La suite|Des nouvelles] [quand j'en sais plus|dans un moment|au fur et à mesure].",
    "[Je regarde les infos toutes les {n} minutes|Troisième café et je lis encore des fils|Mon fil ne parle que de ça].",
    "[Lien|Source|Vidéo] [en réponse|plus bas|chez {name}].",
    "[Le groupe de la famille|Le chat du boulot] [s'enflamme|a {n} messages non lus].",
    "Je l'ai appris [à la radio|par {name}|dans une vidéo de {n} secondes] [en rentrant|à {place}|{time}].",
    "Je coupe [les notifications|la télé|cette appli] [pour une heure|après ce message], mon cerveau a besoin de pause.",
    "Je fais des captures de [tout|ce fil] [pour plus tard|avant suppression], [{n} onglets ouverts|galerie pleine].",
  ],
  de: [
    "Ich verfolge das [genau|den ganzen Abend|{place}].",
    "[Kann nicht aufhören zu aktualisieren|Klebe am Handy|Muss das erst mal verarbeiten][ ehrlich| gerade|].",
    "{friend} [hat mir gerade geschrieben|hat mir das Video geschickt|weiß es noch nicht|hat vor {n} Minuten angerufen].",
    "[Mehr|Updates] [sobald ich mehr weiß|gleich|laufend].",
    "[Schaue alle {n} Minuten Nachrichten|Dritter Kaffee und ich lese immer noch Threads|Meine Timeline kennt nichts anderes].",
    "[Link|Quelle|Video] [in den Antworten|unten|bei {name}].",
    "[Die Familiengruppe|Der Firmenchat] [explodiert|hat {n} ungelesene Nachrichten].",
    "Ich hab es [im Radio|von {name}|in einem {n}-Sekunden-Clip] [auf dem Heimweg|{place}|{time}] erfahren.",
    "Ich schalte [die Benachrichtigungen|den Fernseher|diese App] [für eine Stunde|nach diesem Post] aus, mein Kopf braucht Pause.",
    "Mache Screenshots von [allem|diesem Thread] [für später|bevor er gelöscht wird], [{n} Tabs offen|Galerie voll].",
  ],
  ja: [
    "[{place}から|一晩中]この件を[追っている|見守っている]。",
    "[更新が止められない|スマホから目が離せない|まだ頭が追いつかない]。",
    "{friend}から[今連絡が来た|動画が送られてきた|{n}分前に電話があった]。",
    "[続報|詳しいこと]は[分かり次第|また後で]書く。",
    "[{n}分おきにニュースを見ている|タイムラインがこの話ばかり]。",
    "[リンク|ソース|動画]は[リプ欄|下|{name}さんのページ]に。",
    "[家族のグループ|会社のチャット]が[大騒ぎ|未読{n}件]。",
    "[ラジオで|{name}から|{n}秒の動画で]知った。[帰り道に|{place}で|{time}]。",
    "[通知|テレビ|このアプリ]を[一時間|この投稿の後]オフにする。頭を休めたい。",
    "[全部|このスレッド]を[後で読むために|消される前に]スクショしている。[タブが{n}個|写真フォルダがいっぱい]。",
  ],
  pt: [
    "[Acompanhando|Vendo] isso [de perto|a noite toda|d{place}].",
    "[Não consigo parar de atualizar|Grudada no celular|Ainda processando][ sinceramente| agora|].",
    "{friend} [acabou de me mandar mensagem|me mandou o vídeo|ainda não sabe|me ligou faz {n} minutos].",
    "[Mais|Atualizo] [quando souber mais|daqui a pouco|conforme for saindo].",
    "[Olhando as notícias a cada {n} minutos|Terceiro café e ainda lendo threads|Minha timeline só fala disso].",
    "[Link|Fonte|Vídeo] [nas respostas|aqui embaixo|no perfil de {name}].",
    "[O grupo da família|O chat do trabalho] [está bombando|tem {n} mensagens não lidas].",
    "Fiquei sabendo [pelo rádio|por {name}|por um vídeo de {n} segundos] [voltando pra casa|n{place}|{time}].",
    "Vou silenciar [as notificações|a TV|esse app] [por uma hora|depois deste post], minha cabeça precisa de um tempo.",
    "Tirando print de [tudo|esta thread] [pra depois|antes que apaguem], [{n} abas abertas|galeria cheia].",
  ],
};

export interface DemoCampContent {
  id: string;
  label: string;
  stance: string;
  /** Expected sign and rough strength of the camp's sentiment, -1..1. */
  sentiment: number;
  lines: Partial<Record<DemoLang, string[]>>;
}

export interface DemoEventContent {
  id: string;
  title: string;
  /** Where in the stream the event starts, as a fraction of its duration. */
  startFraction: number;
  /** Posts over the event's life at scale 1. */
  volume: number;
  /** Bursts relative to the start: minutes offset, rise and decay time constants, share of volume. */
  bursts: { offsetMin: number; riseMin: number; decayMin: number; weight: number }[];
  langs: Partial<Record<DemoLang, number>>;
  hashtags: string[];
  terms: string[];
  /** Factual first reports, before people take sides. */
  reports: Partial<Record<DemoLang, string[]>>;
  /** Share of reports at the start and at the end of the event. */
  reportShare: [number, number];
  camps: [DemoCampContent, DemoCampContent];
  /** Share of the first camp (among camp posts) at the start and at the end: the sentiment shift. */
  firstCampShare: [number, number];
  /** Personal, neutral asides anyone posting about the event may add: where they are, who they know. */
  context: Partial<Record<DemoLang, string[]>>;
  slots: Partial<Record<DemoLang, Record<string, string[]>>>;
  alts: string[];
}

export const DEMO_EVENTS: DemoEventContent[] = [
  {
    id: "earthquake",
    title: "Magnitude 6.8 earthquake strikes San Aurelio",
    startFraction: 0.07,
    volume: 1800,
    bursts: [{ offsetMin: 0, riseMin: 2, decayMin: 35, weight: 1 }],
    langs: { es: 0.45, en: 0.35, pt: 0.2 },
    hashtags: ["SanAurelioQuake", "sismo", "earthquake"],
    terms: ["earthquake", "San Aurelio", "magnitude 6.8", "sismo", "terremoto"],
    reportShare: [0.8, 0.15],
    reports: {
      en: [
        "[Strong|Huge|Massive] earthquake just [shook|hit|rattled] San Aurelio, [the whole building swayed|our flat shook|everything rattled] for [almost a minute|{n} seconds|what felt like forever].",
        "[USGS says|Reports say|Seismologists confirm] magnitude 6.8 [near|just outside|south of] San Aurelio, power is out [across|in parts of|all over] {district}[ and phones are down| and the metro stopped|].",
        "Felt the earthquake in {district}, [shelves fell|windows cracked|the lamps swung] and [people are out in the street|everyone ran outside|neighbours are in the courtyard].",
        "[Aftershock|Another aftershock] [just now|{n} minutes ago] in San Aurelio, [smaller|shorter] but [still felt it|the dogs are barking|the car alarms went off].",
        "[Roads|Bridges|Train lines] into {district} [closed|blocked|being inspected] after the earthquake, [avoid the area|use the ring road|expect delays].",
      ],
      es: [
        "[Fuerte|Tremendo] sismo en San Aurelio, [el edificio se movió|todo tembló|las lámparas se balancearon] [casi un minuto entero|{n} segundos|una eternidad].",
        "[Reportan|Confirman] magnitud 6.8 [cerca de|al sur de] San Aurelio, no hay luz en {district}[ y se cayeron las líneas| y paró el metro|].",
        "Se sintió el terremoto en {district}, [se cayeron los estantes|se rompieron ventanas] y [la gente está en la calle|todos salimos corriendo|los vecinos están en el patio].",
        "[Réplica|Otra réplica] [ahora mismo|hace {n} minutos] en San Aurelio, [más corta|más suave] pero [se sintió|los perros no paran de ladrar|saltaron las alarmas].",
        "[Cortadas|Cerradas] [las carreteras|los puentes|las vías del tren] hacia {district} por el sismo, [eviten la zona|usen la circunvalación|habrá retrasos].",
      ],
      pt: [
        "Terremoto [forte|enorme] agora em San Aurelio, [o prédio balançou|tudo tremeu] por [quase um minuto|{n} segundos|uma eternidade].",
        "[Falam em|Confirmaram] magnitude 6.8 perto de San Aurelio, está sem luz em {district}[ e o metrô parou| e sem sinal de celular|].",
        "Sentimos o terremoto em {district}, [caíram as prateleiras|racharam as janelas] e [o pessoal está na rua|todo mundo saiu correndo].",
        "[Tremor secundário|Outro tremor] [agora mesmo|faz {n} minutos] em San Aurelio, [menor|mais curto] mas [deu pra sentir|os cachorros não param de latir].",
      ],
    },
    camps: [
      {
        id: "praise",
        label: "Response praised",
        stance: "The emergency response was fast and effective",
        sentiment: 0.5,
        lines: {
          en: [
            "[Huge|Big|Massive] thanks to the [rescue teams|firefighters|paramedics] in {district}, they were [here|on site] within [minutes|{n} minutes] of the earthquake[. Heroes.|. Amazing work.|.]",
            "The early warning worked, my phone [buzzed|went off] [seconds|{n} seconds] before the shaking in San Aurelio. [Proud of our engineers.|Brilliant system.|So grateful.]",
            "Volunteers are [handing out|bringing] [water and blankets|hot soup|phone chargers] in {district}, the response has been [amazing|incredible|wonderful].",
            "[So proud of|Love|Respect to] San Aurelio [tonight|right now], neighbours [helping neighbours|sharing food|opening their homes] [everywhere|in {district}]. [Beautiful|Wonderful] to see.",
            "[The shelter at|The field hospital in] {district} is [well organised|calm and kind|doing a great job], {friend} [got help fast|is safe and warm there].",
          ],
          es: [
            "Gracias a [los rescatistas|los bomberos|los paramédicos] en {district}, llegaron [a los pocos minutos|en {n} minutos] del sismo. [Son unos héroes.|Trabajo excelente.|]",
            "La alerta temprana funcionó, el celular sonó [segundos|{n} segundos] antes del terremoto en San Aurelio. [Excelente trabajo.|Orgullo de nuestros ingenieros.]",
            "Los voluntarios reparten [agua y mantas|sopa caliente|cargadores] en {district}, la respuesta ha sido [admirable|increíble|maravillosa].",
            "[Qué orgullo|Qué bonito] ver a San Aurelio [esta noche|ahora], vecinos [ayudando a vecinos|compartiendo comida|abriendo sus casas] en {district}.",
            "El albergue de {district} está [muy bien organizado|funcionando de maravilla], {friend} [recibió ayuda rápido|está a salvo allí].",
          ],
          pt: [
            "Obrigado às equipes de resgate em {district}, chegaram [poucos minutos|{n} minutos] depois do terremoto. [Heróis.|Trabalho incrível.|]",
            "O alerta funcionou, o celular tocou [segundos|{n} segundos] antes do tremor em San Aurelio. [Ótimo trabalho.|Orgulho dos nossos engenheiros.]",
            "Voluntários distribuindo [água e cobertores|sopa quente|carregadores] em {district}, a resposta tem sido [admirável|maravilhosa].",
            "[Que orgulho|Que lindo] ver San Aurelio [hoje|agora], vizinhos [ajudando vizinhos|dividindo comida|abrindo as portas] em {district}.",
          ],
        },
      },
      {
        id: "criticism",
        label: "Response criticised",
        stance: "The authorities were slow and unprepared",
        sentiment: -0.6,
        lines: {
          en: [
            "[Three|Five|{n}] hours after the earthquake and still no help in {district}. [This is a disgrace.|Absolutely shameful.|Unacceptable.]",
            "No warning at all in San Aurelio, the alert system failed [again|completely]. [Who is responsible for this mess?|Pathetic.|Heads should roll.]",
            "People are sleeping in the street in {district} and officials are [giving press conferences|posing for photos|nowhere to be seen]. [Shameful.|Disgusting.|Outrageous.]",
            "[Angry|Furious|Fed up]. {friend} waited [{n} hours|all night] for an ambulance in {district}. [Total failure|A disgrace|Terrible planning] by the city.",
            "[Every|Each] earthquake the same [broken promises|chaos|incompetence], San Aurelio [deserves better|is abandoned again]. [Sick of it.|Disgraceful.]",
          ],
          es: [
            "[Tres|Cinco|{n}] horas después del sismo y todavía no llega ayuda a {district}. [Es una vergüenza.|Inaceptable.|Indignante.]",
            "Ninguna alerta en San Aurelio, el sistema falló [otra vez|por completo]. [Un desastre total de las autoridades.|¿Quién responde por esto?]",
            "La gente duerme en la calle en {district} y los políticos [dando ruedas de prensa|haciéndose fotos|desaparecidos]. [Indignante.|Vergonzoso.]",
            "[Qué rabia|Estoy furiosa]. {friend} esperó [{n} horas|toda la noche] una ambulancia en {district}. [Un fracaso total|Pésima gestión].",
          ],
          pt: [
            "[Três|Cinco|{n}] horas depois do terremoto e nenhuma ajuda em {district}. [Uma vergonha.|Inaceitável.]",
            "Nenhum alerta em San Aurelio, o sistema falhou [de novo|completamente]. [Descaso total das autoridades.|Quem vai responder por isso?]",
            "Gente dormindo na rua em {district} e os políticos [dando entrevista|tirando foto|sumidos]. [Revoltante.|Vergonhoso.]",
            "[Que raiva|Estou revoltada]. {friend} esperou [{n} horas|a noite toda] por uma ambulância em {district}. [Fracasso total|Descaso].",
          ],
        },
      },
    ],
    firstCampShare: [0.6, 0.35],
    context: {
      en: [
        "{friend} [lives in|works in|was driving through] {district}[ and is okay| and we can't reach them yet|].",
        "[Staying|Sleeping|Waiting] [in the car|at {name}'s place|in the park] [tonight|for now|until the aftershocks stop].",
        "[Posting from|Writing this from|Still in] {district}[, battery at {n}%|, no power|].",
      ],
      es: [
        "{friend} [vive en|trabaja en|pasaba por] {district}[ y está bien| y no contesta|].",
        "[Nos quedamos|Dormimos|Esperamos] [en el coche|en casa de {name}|en el parque] [esta noche|por ahora|hasta que paren las réplicas].",
        "[Escribo desde|Sigo en] {district}[, batería al {n}%|, sin luz|].",
      ],
      pt: [
        "{friend} [mora em|trabalha em|estava passando por] {district}[ e está bem| e não atende|].",
        "[Vamos ficar|Dormindo|Esperando] [no carro|na casa de {name}|no parque] [hoje|por enquanto|até os tremores pararem].",
        "[Escrevendo de|Ainda em] {district}[, bateria em {n}%|, sem luz|].",
      ],
    },
    slots: {
      en: { district: ["the old town", "the harbour district", "Villa Norte", "Cerro Azul", "the university area", "Los Pinos", "the market quarter", "Puerto Viejo"] },
      es: { district: ["el centro histórico", "el barrio del puerto", "Villa Norte", "Cerro Azul", "la zona universitaria", "Los Pinos", "el mercado central", "Puerto Viejo"] },
      pt: { district: ["Villa Norte", "Cerro Azul", "Los Pinos", "Puerto Viejo", "Santa Rita", "Bela Vista", "Vila do Porto"] },
    },
    alts: ["Cracked asphalt and a fallen lamp post on a street after the earthquake", "Rescue workers in orange helmets searching rubble at night", "People gathered in a plaza wrapped in blankets after the quake"],
  },
  {
    id: "launch",
    title: "Lumen unveils the Nova phone",
    startFraction: 0.22,
    volume: 1400,
    bursts: [{ offsetMin: 0, riseMin: 4, decayMin: 30, weight: 1 }],
    langs: { en: 0.5, ja: 0.3, de: 0.2 },
    hashtags: ["LumenNova", "NovaLaunch"],
    terms: ["Lumen Nova", "battery", "price", "camera"],
    reportShare: [0.5, 0.1],
    reports: {
      en: [
        "Lumen just [announced|unveiled|revealed] the Nova phone: {spec}, [shipping next month|preorders open {day}|in {colour}].",
        "[Watching|Live-watching] the Lumen keynote, the Nova is official with {spec} [and {spec2}|for {price}|].",
        "Nova [specs|details] from the Lumen event: {spec}, {spec2}, [starting at {price}|price still unknown].",
        "Lumen [confirms|says] the Nova [ships in {colour} and {colour2}|launches in {n} countries|gets {n} years of updates].",
      ],
      ja: [
        "Lumenが新しいNovaを[発表した|正式発表]。{spec}で、[来月発売|予約は{day}から]とのこと。",
        "Lumenの発表会を見ている。Novaは{spec}[と{spec2}|、価格は{price}]らしい。",
        "Novaの[カラー|色]は[{colour}|黒と白]、[{n}年間アップデート|{n}か国で発売]とLumenが発表。",
      ],
      de: [
        "Lumen hat gerade das Nova [vorgestellt|enthüllt]: mit {spec}, [Auslieferung ab nächstem Monat|Vorbestellung ab {day}].",
        "Die Lumen-Keynote läuft, das Nova ist offiziell mit {spec}[ und {spec2}| für {price}|].",
        "Lumen [bestätigt|verspricht] für das Nova [{n} Jahre Updates|einen Start in {n} Ländern].",
      ],
    },
    camps: [
      {
        id: "fans",
        label: "Fans",
        stance: "The Nova is a great phone worth buying",
        sentiment: 0.7,
        lines: {
          en: [
            "The Lumen Nova camera looks [incredible|stunning|amazing], {spec} is exactly what I wanted. [Preordering tonight!|Take my money!|Love it!]",
            "[Two-day|A two-day|All-weekend] battery on the Nova? Lumen finally listened. [Love this phone.|Best news all year.|So happy.]",
            "Held the Nova at [the store demo|{place}|the launch event], it feels [premium and fast|light and gorgeous|solid and beautiful]. Best launch in [years|a decade].",
            "[Honestly|Seriously] the Nova in {colour} is [beautiful|gorgeous|perfect], [ordered one for {friend} too|already preordered|great job Lumen].",
            "[Impressed|Excited|Thrilled] by the Nova, {spec} [for that price is a great deal|beats everything else|is a huge win].",
          ],
          ja: [
            "Lumen Novaのカメラが[最高すぎる|素晴らしい|神]。{spec}は待っていた通り。[絶対予約する！|もう予約した！]",
            "Novaのバッテリーが[二日|丸一日以上]持つなんて素晴らしい。[Lumenありがとう|最高の発表]。",
            "[店頭デモ|{place}]でNovaを触ったけど、[軽くて速い|高級感がすごい]。[今年一番|ここ数年で最高]の発表。",
            "{colour}のNovaが[かわいすぎる|美しい]。{friend}の分も[予約した|買う予定]。",
            "[Lumenの|今回の]Novaは[カメラ|画面|デザイン]が[本当に良い|完璧|最高]。[{n}年待った甲斐があった|買い替え決定]。",
          ],
          de: [
            "Die Kamera vom Lumen Nova sieht [fantastisch|großartig] aus, {spec} ist genau, was ich wollte. [Sofort vorbestellt!|Begeistert!]",
            "Zwei Tage Akku beim Nova? Endlich hat Lumen zugehört. [Tolles Handy.|Super Nachricht.]",
            "Das Nova [im Laden|{place}] in der Hand gehabt, es fühlt sich [hochwertig und schnell|leicht und edel] an. Bester Launch seit Jahren.",
            "Das Nova in {colour} ist [wunderschön|perfekt], [für {friend} gleich mitbestellt|gut gemacht, Lumen].",
            "[Endlich|Nach {n} Jahren] ein Handy, [das mich begeistert|auf das ich mich freue]: die [Kamera|Akkulaufzeit] vom Nova ist [klasse|super].",
          ],
        },
      },
      {
        id: "skeptics",
        label: "Skeptics",
        stance: "The Nova is overpriced and disappointing",
        sentiment: -0.5,
        lines: {
          en: [
            "The Lumen Nova costs {price} for a phone with no charger in the box? [Hard pass.|Ridiculous.|No way.]",
            "Same design as last year, a bigger price tag and {spec} that nobody asked for. [Disappointing.|Boring.|What a letdown.]",
            "Reviewers say the Nova [overheats while filming|drains the battery in {n} hours|scratches easily]. Lumen rushed this one, [terrible|awful|bad].",
            "{price} for the Nova? [My {n} year old phone|A phone from {day}] does the same. [Overpriced junk.|Greedy.|Waste of money.]",
            "[Sick of|Tired of|Annoyed by] Lumen [hype|marketing], the Nova [is overpriced|has a worse battery|still lacks a headphone jack]. [Disappointed.|Not buying it.]",
          ],
          ja: [
            "Lumen Novaが{price}は[高すぎる|ありえない]。充電器も付いていないなんて[がっかり|残念]。",
            "Novaは去年とほとんど同じデザインなのに[値上げ|{price}]。[残念すぎる|期待外れ]。",
            "Novaは[撮影中に熱くなる|バッテリーが{n}時間しか持たない]らしい。[最悪|ひどい]。",
            "{price}出すなら[今の{n}年前のスマホで十分|他の機種を買う]。[高すぎ|がっかり]。",
            "Lumenの[宣伝|発表]は[大げさ|いつも同じ]。Novaは[バッテリーが弱い|イヤホンジャックがない|重すぎる]らしい。[残念|期待外れ]。",
          ],
          de: [
            "{price} für das Lumen Nova ohne Ladegerät? [Viel zu teuer, nein danke.|Lächerlich.]",
            "Gleiches Design wie letztes Jahr, höherer Preis. Das Nova ist [enttäuschend|langweilig|ein Witz].",
            "Tests sagen, das Nova [wird beim Filmen heiß|hält nur {n} Stunden durch]. [Schlecht gemacht, Lumen.|Enttäuschend.]",
            "{price} für das Nova? Mein [{n} Jahre altes|altes] Handy kann dasselbe. [Abzocke.|Geldverschwendung.]",
            "Der Lumen-[Hype|Zirkus] nervt, das Nova [ist überteuert|hat keinen Kopfhöreranschluss|ist zu schwer]. [Enttäuscht.|Kaufe ich nicht.]",
          ],
        },
      },
    ],
    firstCampShare: [0.8, 0.35],
    context: {
      en: [
        "[My current phone|My old phone] is {n} [years|months] old[, for context|, so I was waiting for this|].",
        "[Watching|Following] the [stream|keynote] [from {place}|on the bus|at work] with {friend}.",
        "[Been|I've been] [on Android|using Lumen phones|with the same carrier] for {n} years[, for context|].",
        "{friend} [works at a phone shop|already asked me about it|still uses a flip phone].",
      ],
      ja: [
        "今使っているスマホは{n}年目[。参考まで|なので待っていた|]。",
        "[{place}|電車の中|会社]で{friend}と[配信|発表会]を見ていた。",
        "[Lumen|アンドロイド]を{n}年使っている[。参考まで|]。",
      ],
      de: [
        "Mein [aktuelles|altes] Handy ist {n} [Jahre|Monate] alt[, nur so nebenbei|].",
        "[Schaue|Verfolge] die Keynote [{place}|im Zug|auf der Arbeit] mit {friend}.",
        "Ich nutze [Lumen|Android] seit {n} Jahren[, zur Einordnung|].",
      ],
    },
    slots: {
      en: {
        spec: ["a 200 megapixel camera", "a two-day battery", "a titanium frame", "a 144 Hz display", "a periscope zoom", "satellite messaging"],
        spec2: ["a 6.7 inch screen", "USB-C at last", "wireless charging", "an eSIM only design"],
        price: ["$1,299", "$1,199", "1,299 dollars", "$1,399"],
        colour: ["green", "silver", "midnight blue", "sand"],
        colour2: ["black", "white", "orange"],
        day: ["Friday", "tomorrow", "next week"],
      },
      ja: {
        spec: ["2億画素カメラ", "二日持つバッテリー", "チタンフレーム", "144Hzディスプレイ", "望遠レンズ"],
        spec2: ["ワイヤレス充電", "6.7インチ画面", "衛星通信"],
        price: ["19万円", "18万9800円", "21万円"],
        colour: ["緑", "シルバー", "ミッドナイトブルー"],
        day: ["金曜日", "明日", "来週"],
      },
      de: {
        spec: ["einer 200-Megapixel-Kamera", "zwei Tagen Akkulaufzeit", "einem Titanrahmen", "einem 144-Hz-Display", "Satellitennachrichten"],
        spec2: ["kabellosem Laden", "einem 6,7-Zoll-Bildschirm"],
        price: ["1.299 Euro", "1.199 Euro", "1.399 Euro"],
        colour: ["Grün", "Silber", "Mitternachtsblau"],
        day: ["Freitag", "morgen", "nächster Woche"],
      },
    },
    alts: ["A slim black smartphone on a stage under blue lights", "Close-up of a phone's triple camera module", "A presenter on stage holding up the new phone"],
  },
  {
    id: "final",
    title: "Continental Cup final: Harbor City beat Northgate",
    startFraction: 0.53,
    volume: 2000,
    bursts: [
      { offsetMin: 0, riseMin: 3, decayMin: 25, weight: 0.45 },
      { offsetMin: 100, riseMin: 1, decayMin: 20, weight: 0.55 },
    ],
    langs: { en: 0.4, es: 0.2, pt: 0.2, fr: 0.2 },
    hashtags: ["ContinentalCupFinal", "HarborCity", "Northgate"],
    terms: ["final", "Harbor City", "Northgate", "penalty", "referee"],
    reportShare: [0.5, 0.05],
    reports: {
      en: [
        "Kick-off in the Continental Cup final, Harbor City against Northgate. {moment}",
        "[GOAL|Goal] for [Harbor City|Northgate] in the final! {player} [scores|heads it in|finishes it off] [in the {minute}th minute|from a corner|on the counter].",
        "[Penalty|Spot kick] to Harbor City [in the {minute}th minute|late on] of the final, Northgate players [surround the referee|protest|are in disbelief].",
        "Half-time in the final: Harbor City 1, Northgate 1. {moment}",
        "[Yellow card|Booking] for {player} in the final, [{minute} minutes gone|just before the break]. {moment}",
        "[Lineups are out|Teams confirmed] for the final: {player} starts for Harbor City, Northgate [without their captain|unchanged].",
      ],
      es: [
        "Empieza la final de la Copa Continental, Harbor City contra Northgate. {moment}",
        "¡[Gol|GOL] de [Harbor City|Northgate] en la final! {player} [marca|cabecea a la red|define] [en el minuto {minute}|tras un córner|al contragolpe].",
        "Penal para Harbor City [en el minuto {minute}|al final] de la final, los jugadores de Northgate [rodean al árbitro|protestan|no se lo creen].",
        "Descanso en la final: Harbor City 1, Northgate 1. {moment}",
        "Tarjeta amarilla para {player} en la final, [minuto {minute}|justo antes del descanso].",
        "Alineaciones de la final: {player} es titular con Harbor City, Northgate [sin su capitán|sin cambios].",
      ],
      pt: [
        "Começa a final da Copa Continental, Harbor City contra Northgate. {moment}",
        "[Gol|GOL] do [Harbor City|Northgate] na final! {player} [marca|cabeceia pro gol|finaliza] [aos {minute} minutos|depois de um escanteio|no contra-ataque].",
        "Pênalti para o Harbor City [aos {minute} minutos|no fim] da final, jogadores do Northgate [cercam o juiz|reclamam|não acreditam].",
        "Intervalo na final: Harbor City 1, Northgate 1. {moment}",
        "Cartão amarelo para {player} na final, [aos {minute} minutos|pouco antes do intervalo].",
        "Escalações da final: {player} começa no Harbor City, Northgate [sem o capitão|sem mudanças].",
      ],
      fr: [
        "Coup d'envoi de la finale de la Coupe continentale, Harbor City contre Northgate. {moment}",
        "[But|BUT] pour [Harbor City|Northgate] en finale ! {player} [marque|place une tête|conclut] [à la {minute}e minute|sur corner|en contre].",
        "Penalty pour Harbor City [à la {minute}e minute|en fin de match] de la finale, les joueurs de Northgate [entourent l'arbitre|protestent|n'y croient pas].",
        "Mi-temps de la finale : Harbor City 1, Northgate 1. {moment}",
        "Carton jaune pour {player} en finale, [à la {minute}e minute|juste avant la pause].",
        "Compositions de la finale : {player} titulaire à Harbor City, Northgate [sans son capitaine|inchangé].",
      ],
    },
    camps: [
      {
        id: "harbor",
        label: "Harbor City supporters",
        stance: "Harbor City deserved to win",
        sentiment: 0.7,
        lines: {
          en: [
            "CHAMPIONS! Harbor City win the final, what a goal [in the {minute}th minute|from {player}]. [Best night of my life!|Incredible!|Pure joy!]",
            "Harbor City deserved it, we dominated the [whole second half|entire final|midfield]. [So proud of this team.|Brilliant football.|Love this club.]",
            "That save from [our keeper|{player}] in the final was [brilliant|unbelievable|world class]. [Harbor City forever!|Legend!|What a hero!]",
            "[Crying|Screaming|Dancing] [in the pub|on my balcony|at {place}] with {friend}, Harbor City [are champions|won the cup]! [Amazing|Wonderful|Glorious] night.",
            "{player} [deserves a statue|was magnificent|ran for {n} kilometres], Harbor City [won it fair and square|earned this cup]. [Proud|Happy|Grateful].",
            "[First|Our first] cup in {n} years and it [feels wonderful|is beautiful|was worth the wait]. [Thank you|Cheers to] {player} and [the whole squad|the coach|every fan who travelled].",
            "[Northgate fans can cry|Stop whining about the penalty], Harbor City [were the better side|created more chances|scored the better goals]. [Deserved|Brilliant|Fantastic] win.",
          ],
          es: [
            "¡CAMPEONES! Harbor City gana la final, qué golazo [en el minuto {minute}|de {player}]. [¡La mejor noche de mi vida!|¡Increíble!]",
            "Harbor City mereció ganar, dominamos [todo el segundo tiempo|toda la final]. [Orgulloso de este equipo.|Fútbol brillante.]",
            "Esa parada de [nuestro portero|{player}] en la final fue [brutal|increíble]. [¡Harbor City para siempre!|¡Qué héroe!]",
            "[Llorando|Gritando|Bailando] [en el bar|en el balcón] con {friend}, ¡Harbor City campeón! [Noche maravillosa.|Qué felicidad.]",
            "Primera copa en {n} años y [es maravilloso|vale la pena la espera]. Gracias a {player} y [a todo el equipo|al entrenador|a la afición].",
            "[Que lloren los de Northgate|Basta de quejarse del penal], Harbor City [fue mejor|tuvo más ocasiones]. Victoria [merecida|brillante].",
          ],
          pt: [
            "CAMPEÕES! Harbor City vence a final, que golaço [aos {minute} minutos|do {player}]. [Melhor noite da minha vida!|Inacreditável!]",
            "O Harbor City mereceu, dominamos [o segundo tempo inteiro|a final toda]. [Que orgulho desse time.|Futebol lindo.]",
            "Que defesa [do nosso goleiro|do {player}] na final, [sensacional|absurda]. [Harbor City pra sempre!|Herói!]",
            "[Chorando|Gritando|Dançando] [no bar|na varanda] com {friend}, Harbor City campeão! [Noite maravilhosa.|Que felicidade.]",
            "Primeira taça em {n} anos e [é maravilhoso|valeu a espera]. Obrigado ao {player} e [ao elenco todo|ao técnico|à torcida].",
            "[Pode chorar, Northgate|Chega de reclamar do pênalti], o Harbor City [foi melhor|criou mais chances]. Vitória [merecida|brilhante].",
          ],
          fr: [
            "CHAMPIONS ! Harbor City remporte la finale, quel but [à la {minute}e minute|de {player}]. [Soirée magnifique !|Incroyable !]",
            "Harbor City méritait la victoire, on a dominé [toute la seconde période|toute la finale]. [Fier de cette équipe.|Quel football.]",
            "L'arrêt de [notre gardien|{player}] en finale, [magnifique|incroyable]. [Harbor City pour toujours !|Quel héros !]",
            "[En larmes|Je crie|Je danse] [au bar|sur le balcon] avec {friend}, Harbor City champion ! [Soirée merveilleuse.|Quel bonheur.]",
            "Première coupe depuis {n} ans et [c'est merveilleux|ça valait l'attente]. Merci à {player} et [à tout le groupe|au coach|aux supporters].",
            "[Les supporters de Northgate peuvent pleurer|Arrêtez avec ce penalty], Harbor City [était meilleur|a eu plus d'occasions]. Victoire [méritée|brillante].",
          ],
        },
      },
      {
        id: "northgate",
        label: "Northgate supporters",
        stance: "Northgate were robbed by the referee",
        sentiment: -0.6,
        lines: {
          en: [
            "That penalty in the {minute}th minute was never a foul. Northgate robbed in the final, the referee should be [ashamed|banned|investigated].",
            "Worst refereeing I have ever seen in a final. Northgate fans are [furious|livid|disgusted] and they are right.",
            "[Heartbroken|Devastated|Gutted]. Northgate played their hearts out and lost the final to a [terrible|horrible|shameful] decision.",
            "[Why|How] did VAR [ignore|not check] the foul on {player}? [Corrupt|Disgraceful|Pathetic] refereeing, Northgate [were cheated|deserved better].",
            "{friend} [threw the remote|left the pub|is still shouting] after that penalty. [Awful|Terrible|Sickening] final for Northgate.",
            "{n} years waiting for a final and [this|a robbery] is how it ends. [Sick|Furious|Sad] for every Northgate fan [tonight|who travelled].",
            "The referee [never gave us a free kick|booked {n} of our players|ignored every foul on {player}]. Northgate [cheated|robbed], [awful|disgraceful] final.",
          ],
          es: [
            "Ese penal del minuto {minute} nunca fue falta. Le robaron la final a Northgate, [qué vergüenza de árbitro|árbitro vendido].",
            "El peor arbitraje que he visto en una final. Los hinchas de Northgate están [furiosos|indignados] con razón.",
            "[Destrozado|Hundida]. Northgate lo dio todo y perdió la final por una decisión [horrible|vergonzosa].",
            "¿Por qué el VAR [ignoró|no revisó] la falta sobre {player}? [Arbitraje vergonzoso|Un robo], Northgate merecía más.",
            "{n} años esperando una final y así termina. [Qué rabia|Qué tristeza] por toda la afición de Northgate.",
            "El árbitro [no nos pitó ni una falta|amonestó a {n} jugadores nuestros|ignoró cada falta sobre {player}]. [Un robo|Una vergüenza] para Northgate.",
          ],
          pt: [
            "Aquele pênalti aos {minute} minutos nunca existiu. Roubaram a final do Northgate, [arbitragem vergonhosa|juiz ladrão].",
            "A pior arbitragem que já vi numa final. Torcida do Northgate [revoltada|furiosa] e com razão.",
            "[Arrasado|Destruída]. O Northgate deu tudo e perdeu a final por uma decisão [horrível|vergonhosa].",
            "Por que o VAR [ignorou|não revisou] a falta no {player}? [Arbitragem vergonhosa|Roubo], o Northgate merecia mais.",
            "{n} anos esperando uma final e termina assim. [Que raiva|Que tristeza] pela torcida do Northgate.",
            "O juiz [não deu nenhuma falta pra gente|deu cartão pra {n} jogadores nossos|ignorou toda falta no {player}]. [Roubo|Vergonha] contra o Northgate.",
          ],
          fr: [
            "Ce penalty à la {minute}e minute n'a jamais existé. Northgate volé en finale, l'arbitre devrait avoir honte.",
            "Le pire arbitrage que j'ai vu en finale. Les supporters de Northgate sont [furieux|écœurés], à juste titre.",
            "[Dévasté|Effondrée]. Northgate a tout donné et perd la finale sur une décision [honteuse|scandaleuse].",
            "Pourquoi la VAR [a ignoré|n'a pas revu] la faute sur {player} ? [Arbitrage honteux|Un vol], Northgate méritait mieux.",
            "{n} ans à attendre une finale et ça finit comme ça. [Rage|Tristesse] pour tous les supporters de Northgate.",
            "L'arbitre [ne nous a sifflé aucune faute|a averti {n} de nos joueurs|a ignoré chaque faute sur {player}]. [Un vol|Une honte] pour Northgate.",
          ],
        },
      },
    ],
    firstCampShare: [0.5, 0.55],
    context: {
      en: ["Watching [at {place}|in the pub|at my parents'] with {friend}[, {n} of us on one sofa|].", "[Been|Supporting them] [since I was {n}|for {n} years][, for the record|].", "[Neutral here|No team in this], [just enjoying it|cheering for goals|here for the drama].", "[Lost my voice|Spilled my drink|Missed the goal] [getting snacks|in the toilet queue|on the phone with {name}]."],
      es: ["Viéndolo [en el bar|en casa de mis padres] con {friend}[, {n} personas en un sofá|].", "[Soy hincha|Los sigo] desde [los {n} años|hace {n} años].", "[Soy neutral|No voy con nadie], [solo disfruto|vengo por el drama].", "[Me quedé sin voz|Se me cayó la cerveza|Me perdí el gol] [yendo a por patatas|hablando con {name}]."],
      pt: ["Assistindo [no bar|na casa dos meus pais] com {friend}[, {n} pessoas num sofá|].", "[Torço|Acompanho o time] desde [os {n} anos|faz {n} anos].", "[Sou neutro|Não torço pra ninguém], [só curtindo|estou aqui pelo drama].", "[Fiquei sem voz|Derrubei a cerveja|Perdi o gol] [pegando petisco|falando com {name}]."],
      fr: ["Je regarde [au bar|chez mes parents] avec {friend}[, {n} sur un canapé|].", "[Supporter|Je les suis] depuis [mes {n} ans|{n} ans].", "[Neutre ce soir|Aucune équipe pour moi], [je profite|je suis là pour le spectacle].", "[Plus de voix|Bière renversée|But raté] [en allant chercher des chips|au téléphone avec {name}]."],
    },
    slots: {
      en: { moment: ["The stadium is packed.", "Rain is falling on the pitch.", "Both teams look nervous.", "Fireworks before the anthem.", ""], minute: ["88", "90", "93", "79", "67", "84"], player: ["Okafor", "Reyes", "Lindqvist", "Moreau", "Tanaka", "Silva"] },
      es: { moment: ["El estadio está lleno.", "Llueve sobre el campo.", "Los dos equipos parecen nerviosos.", ""], minute: ["88", "90", "93", "79", "67", "84"], player: ["Okafor", "Reyes", "Lindqvist", "Moreau", "Tanaka", "Silva"] },
      pt: { moment: ["O estádio está lotado.", "Chove no gramado.", "Os dois times parecem nervosos.", ""], minute: ["88", "90", "93", "79", "67", "84"], player: ["Okafor", "Reyes", "Lindqvist", "Moreau", "Tanaka", "Silva"] },
      fr: { moment: ["Le stade est plein.", "Il pleut sur la pelouse.", "Les deux équipes ont l'air nerveuses.", ""], minute: ["88", "90", "93", "79", "67", "84"], player: ["Okafor", "Reyes", "Lindqvist", "Moreau", "Tanaka", "Silva"] },
    },
    alts: ["A stadium full of fans waving blue flags under floodlights", "Players celebrating with a golden trophy on the pitch", "A referee showing a yellow card to a protesting player"],
  },
  {
    id: "vote",
    title: "Parliament passes the Digital Repair Act",
    startFraction: 0.78,
    volume: 1200,
    bursts: [{ offsetMin: 0, riseMin: 6, decayMin: 30, weight: 1 }],
    langs: { en: 0.4, fr: 0.3, de: 0.3 },
    hashtags: ["RepairAct", "RightToRepair"],
    terms: ["Digital Repair Act", "right to repair", "vote", "parliament"],
    reportShare: [0.5, 0.1],
    reports: {
      en: [
        "Parliament is voting on the Digital Repair Act [right now|this afternoon], {count} amendments on the table.",
        "[Protesters|Repair cafés|Campaigners] [gathered outside parliament|are livestreaming|handed out leaflets] [before|during] the Digital Repair Act vote[, about {n} of them|].",
        "The Digital Repair Act passed with {count} votes in favour[ and {n} abstentions|].",
        "[Debate|Final reading] of the Digital Repair Act [has started|is running late], [{n} speakers listed|the vote expected at {hour}].",
        "[What's in|Key points of] the Digital Repair Act: {clause}[ and {clause2}|].",
      ],
      fr: [
        "Le Parlement vote [en ce moment|cet après-midi] sur la loi sur la réparation numérique, {count} amendements en discussion.",
        "[Des militants|Des repair cafés] [se sont rassemblés devant le Parlement|diffusent en direct] pendant le vote de la loi sur la réparation[, environ {n} personnes|].",
        "La loi sur la réparation numérique est adoptée avec {count} voix pour[ et {n} abstentions|].",
        "[Le débat|La lecture finale] de la loi sur la réparation [a commencé|prend du retard], [{n} orateurs inscrits|vote prévu à {hour}].",
        "Ce que contient la loi sur la réparation : {clause}[ et {clause2}|].",
      ],
      de: [
        "Das Parlament stimmt [gerade|heute Nachmittag] über das Gesetz zur digitalen Reparatur ab, {count} Änderungsanträge liegen vor.",
        "[Aktivisten|Repair-Cafés] [versammeln sich vor dem Parlament|streamen live] während der Abstimmung über das Reparaturgesetz[, etwa {n} Leute|].",
        "Das Reparaturgesetz ist mit {count} Stimmen angenommen[ bei {n} Enthaltungen|].",
        "[Die Debatte|Die letzte Lesung] zum Reparaturgesetz [hat begonnen|verzögert sich], [{n} Redner stehen auf der Liste|Abstimmung um {hour} erwartet].",
        "Was im Reparaturgesetz steht: {clause}[ und {clause2}|].",
      ],
    },
    camps: [
      {
        id: "support",
        label: "Supporters",
        stance: "The Repair Act protects consumers and the planet",
        sentiment: 0.5,
        lines: {
          en: [
            "The Digital Repair Act is a [huge|great|historic] win for consumers, finally we can fix our own [phones and laptops|devices|tablets].",
            "Great news: {clause}. Less e-waste, lower bills. [Well done, parliament!|Thank you, parliament!|Brilliant.]",
            "[Thrilled|Delighted|So happy] the right to repair [passed|won]. {friend} [runs a repair shop|fixes laptops] and this [helps them a lot|is a lifesaver].",
            "[My|Our] {n} year old [laptop|phone|washing machine] [will live longer|can finally be fixed] thanks to the Repair Act. [Excellent|Fantastic|Good] law.",
            "[Independent repair shops|Small repairers|Students like me] [finally get a fair chance|will save a lot|win big] with the right to repair. [Great day!|Love it.|Proud of this vote.]",
            "[Thank you|Kudos|Respect] to [the MEPs|the campaigners|everyone who signed the petition] who [fought for|pushed] the Repair Act [for {n} years|since {name} started it]. [Wonderful|Excellent] result.",
          ],
          fr: [
            "La loi sur la réparation est une [grande|belle] victoire pour les consommateurs, enfin on pourra réparer nos [téléphones|ordinateurs].",
            "Excellente nouvelle : {clause}, moins de déchets électroniques. [Bravo !|Merci au Parlement !]",
            "[Ravie|Très content] que le droit à la réparation [passe|l'emporte]. {friend} tient un atelier de réparation et [ça change tout|c'est une bouffée d'air].",
            "Mon [ordinateur|téléphone|lave-linge] de {n} ans pourra enfin être réparé grâce à cette loi. [Excellente loi.|Bravo.]",
            "[Les petits réparateurs|Les étudiants comme moi] vont enfin [avoir leur chance|faire des économies] avec le droit à la réparation. [Belle journée !|Génial.]",
            "Merci [aux députés|aux militants|à tous les signataires de la pétition] qui se battent pour cette loi depuis {n} ans. [Superbe|Excellent] résultat.",
          ],
          de: [
            "Das Reparaturgesetz ist ein [großer|toller|historischer] Erfolg für Verbraucher, endlich dürfen wir unsere Geräte selbst reparieren.",
            "Tolle Nachricht: {clause} und weniger Elektroschrott. [Gut gemacht!|Danke, Parlament!]",
            "[Freue mich riesig|Super], dass das Recht auf Reparatur [durch ist|gewonnen hat]. {friend} hat eine Reparaturwerkstatt und [das hilft enorm|ist begeistert].",
            "Mein {n} Jahre [alter Laptop|altes Handy|alter Fernseher] kann endlich repariert werden, dank des Reparaturgesetzes. [Sehr gut.|Großartig.]",
            "[Kleine Werkstätten|Studierende wie ich] bekommen mit dem Recht auf Reparatur endlich [eine faire Chance|günstigere Reparaturen]. [Schöner Tag!|Klasse.]",
            "Danke an [die Abgeordneten|die Aktivisten|alle, die die Petition unterschrieben haben], die seit {n} Jahren dafür kämpfen. [Tolles|Hervorragendes] Ergebnis.",
          ],
        },
      },
      {
        id: "oppose",
        label: "Opponents",
        stance: "The Repair Act burdens manufacturers and raises prices",
        sentiment: -0.5,
        lines: {
          en: [
            "The Digital Repair Act will raise prices for everyone and bury small manufacturers in paperwork. [Bad law.|Terrible idea.|A mistake.]",
            "Forcing spare parts for [ten|{n}] years is unrealistic. This vote will cost jobs, a [terrible|costly|stupid] mistake.",
            "[Worried|Angry|Frustrated]: {friend} [runs a small electronics firm|works in manufacturing] and the Repair Act [could kill the business|means {n} new forms]. [Awful|Bad] day.",
            "Parliament [ignored|dismissed] the warnings, the Repair Act [will hurt|punishes] [small companies|innovation]. [Disappointing.|Shameful.]",
            "[Nobody|Not one MP] [read|understood] the {n} pages of the Repair Act before voting. [Ridiculous|Pathetic|Sad] way to make law.",
            "[Safety|Security|Warranty] [problems|nightmares] ahead: the Repair Act [lets anyone open a battery|breaks device security]. [Bad|Dangerous|Stupid] decision.",
          ],
          fr: [
            "Cette loi sur la réparation va faire grimper les prix et étouffer les petits fabricants sous la paperasse. [Mauvaise loi.|Quelle erreur.]",
            "Imposer des pièces pendant [dix|{n}] ans est irréaliste. Ce vote va coûter des emplois, une grave erreur.",
            "[Inquiète|En colère] : {friend} a une petite entreprise d'électronique et cette loi [risque de la tuer|impose {n} nouveaux formulaires].",
            "Le Parlement a [ignoré|balayé] les alertes, cette loi va [nuire aux petites entreprises|freiner l'innovation]. [Décevant.|Honteux.]",
            "[Personne|Aucun député] n'a lu les {n} pages de la loi avant de voter. [Ridicule|Lamentable].",
            "[Problèmes de sécurité|Cauchemar de garanties] en vue : cette loi [laisse n'importe qui ouvrir une batterie|fragilise la sécurité des appareils]. [Mauvaise|Dangereuse] décision.",
          ],
          de: [
            "Das Reparaturgesetz wird alles teurer machen und kleine Hersteller mit Bürokratie erdrücken. [Schlechtes Gesetz.|Ein Fehler.]",
            "[Zehn|{n}] Jahre Ersatzteilpflicht ist unrealistisch. Diese Abstimmung kostet Arbeitsplätze, ein schwerer Fehler.",
            "[Besorgt|Wütend]: {friend} hat eine kleine Elektronikfirma und das Gesetz [könnte sie ruinieren|bedeutet {n} neue Formulare].",
            "Das Parlament hat die Warnungen [ignoriert|abgetan], das Reparaturgesetz [schadet kleinen Firmen|bremst Innovation]. [Enttäuschend.|Schlimm.]",
            "[Niemand|Kein einziger Abgeordneter] hat die {n} Seiten vor der Abstimmung gelesen. [Lächerlich|Armselig].",
            "[Sicherheitsprobleme|Garantie-Chaos] voraus: das Gesetz [lässt jeden Akkus öffnen|schwächt die Gerätesicherheit]. [Schlechte|Gefährliche] Entscheidung.",
          ],
        },
      },
    ],
    firstCampShare: [0.35, 0.7],
    context: {
      en: ["[Following|Watching] the vote [from {place}|on the parliament stream] with {friend}.", "[Full disclosure|For context]: I [repair bikes|work in IT|sell used phones] for a living.", "[Still using|Typing this on] a [laptop|phone] from {n} years ago[, for the record|]."],
      fr: ["Je suis le vote [en direct|sur la chaîne parlementaire] avec {friend}.", "Pour info, je [répare des vélos|travaille dans l'informatique] depuis {n} ans.", "J'écris ça sur un [ordinateur|téléphone] vieux de {n} ans[, pour info|]."],
      de: ["Ich verfolge die Abstimmung [im Livestream|{place}] mit {friend}.", "Zur Einordnung: Ich [repariere Fahrräder|arbeite in der IT] seit {n} Jahren.", "Ich tippe das auf einem {n} Jahre alten [Laptop|Handy][, nur so|]."],
    },
    slots: {
      en: {
        count: ["412", "398", "27", "31", "405"],
        clause: ["repair manuals and spare parts for ten years", "no more glued-in batteries", "software updates for seven years", "a repairability score on every box"],
        clause2: ["fines for parts pairing", "independent shops get the same tools"],
        hour: ["five", "6 pm", "half past four"],
      },
      fr: {
        count: ["412", "398", "27", "31", "405"],
        clause: ["des pièces détachées pendant dix ans", "fini les batteries collées", "des mises à jour pendant sept ans", "un indice de réparabilité sur chaque boîte"],
        clause2: ["des amendes contre l'appairage des pièces", "les mêmes outils pour les réparateurs indépendants"],
        hour: ["17 heures", "18 heures"],
      },
      de: {
        count: ["412", "398", "27", "31", "405"],
        clause: ["Ersatzteile für zehn Jahre", "keine verklebten Akkus mehr", "Software-Updates für sieben Jahre", "ein Reparaturindex auf jeder Packung"],
        clause2: ["Strafen für Teile-Kopplung", "dieselben Werkzeuge für freie Werkstätten"],
        hour: ["17 Uhr", "18 Uhr"],
      },
    },
    alts: ["A parliament chamber with members raising voting cards", "An opened laptop with repair tools laid out on a workbench"],
  },
];

export interface SpamCampaignContent {
  id: string;
  /** Fraction of the stream where the flood starts, and how long it lasts. */
  startFraction: number;
  durationMin: number;
  posts: number;
  bots: number;
  /** Exact copies, or near-duplicates with tiny edits. */
  mode: "exact" | "near";
  text: string;
  hashtags: string[];
}

export const SPAM_CAMPAIGNS: SpamCampaignContent[] = [
  {
    id: "airdrop",
    startFraction: 0.33,
    durationMin: 8,
    posts: 160,
    bots: 140,
    mode: "exact",
    text: "🚀 FREE NOVA token airdrop is LIVE! Claim 500 tokens before it ends 👉 https://nova-airdrop.example/claim #airdrop #cryptogiveaway #LumenNova",
    hashtags: ["airdrop", "cryptogiveaway", "LumenNova"],
  },
  {
    id: "income",
    startFraction: 0.64,
    durationMin: 12,
    posts: 130,
    bots: 90,
    mode: "near",
    text: "Make $3000 a week from home with this one simple trick!! DM me now 💰 #workfromhome #passiveincome",
    hashtags: ["workfromhome", "passiveincome"],
  },
];

export const FIRST_NAMES: Record<DemoLang, string[]> = {
  en: ["emma", "liam", "olivia", "noah", "ava", "james", "mia", "lucas", "harper", "ethan", "grace", "owen"],
  es: ["sofia", "mateo", "valentina", "santiago", "lucia", "diego", "camila", "javier", "martina", "pablo"],
  fr: ["louise", "gabriel", "chloe", "hugo", "manon", "arthur", "lea", "jules", "camille", "louis"],
  de: ["lena", "finn", "hannah", "jonas", "marie", "paul", "lea", "felix", "anna", "lukas"],
  ja: ["yui", "haruto", "sakura", "ren", "hina", "sota", "aoi", "yuto", "mei", "kaito"],
  pt: ["ana", "joao", "beatriz", "pedro", "julia", "gustavo", "larissa", "rafael", "mariana", "thiago"],
};

export const LAST_NAMES: Record<DemoLang, string[]> = {
  en: ["smith", "walker", "hughes", "bennett", "carter", "reed", "hayes", "brooks"],
  es: ["garcia", "lopez", "martinez", "ruiz", "torres", "vargas", "morales", "rojas"],
  fr: ["martin", "bernard", "dubois", "moreau", "laurent", "girard", "roux", "fournier"],
  de: ["mueller", "schmidt", "weber", "wagner", "becker", "hoffmann", "koch", "richter"],
  ja: ["sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "nakamura", "kobayashi"],
  pt: ["silva", "santos", "oliveira", "souza", "costa", "pereira", "almeida", "ferreira"],
};
