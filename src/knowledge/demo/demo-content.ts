/**
 * The words of the demo stream: background chatter and planted events, in six languages.
 * Real sentences so that language detection, sentiment and clustering behave as they would on a live stream.
 * `{x}` marks a slot filled from the event's `slots[lang].x` list, so posts on one event are similar but not copies.
 */
export type DemoLang = "en" | "es" | "fr" | "de" | "ja" | "pt";

export const DEMO_LANGS: DemoLang[] = ["en", "es", "fr", "de", "ja", "pt"];

/** Share of background authors per language. */
export const LANG_WEIGHTS: Record<DemoLang, number> = { en: 0.4, es: 0.16, pt: 0.12, fr: 0.11, de: 0.11, ja: 0.1 };

export const OPENERS: Record<DemoLang, string[]> = {
  en: ["", "", "Honestly, ", "Okay so ", "Wow. ", "Just saw this: ", "Not gonna lie, "],
  es: ["", "", "La verdad, ", "Bueno, ", "Vaya. ", "Acabo de verlo: ", "Sinceramente, "],
  fr: ["", "", "Franchement, ", "Bon, ", "Alors là. ", "Je viens de voir ça : ", "Honnêtement, "],
  de: ["", "", "Ehrlich gesagt: ", "Also ", "Wow. ", "Gerade gesehen: ", "Mal ehrlich, "],
  ja: ["", "", "正直、", "えっ、", "うーん、", "今見た：", "やっぱり、"],
  pt: ["", "", "Sinceramente, ", "Olha, ", "Nossa. ", "Acabei de ver: ", "Na boa, "],
};

export const CLOSERS: Record<DemoLang, string[]> = {
  en: ["", "", " 🙏", " Thoughts?", " Unreal.", " What a day.", " 😬"],
  es: ["", "", " 🙏", " ¿Qué opinan?", " Increíble.", " Qué día.", " 😬"],
  fr: ["", "", " 🙏", " Vous en pensez quoi ?", " Incroyable.", " Quelle journée.", " 😬"],
  de: ["", "", " 🙏", " Was meint ihr?", " Unglaublich.", " Was für ein Tag.", " 😬"],
  ja: ["", "", "🙏", "みんなどう思う？", "信じられない。", "すごい一日だ。", "😬"],
  pt: ["", "", " 🙏", " O que vocês acham?", " Inacreditável.", " Que dia.", " 😬"],
};

export interface BackgroundTopic {
  id: string;
  hashtag: string;
  alt: string;
  lines: Record<DemoLang, string[]>;
}

export const BACKGROUND_TOPICS: BackgroundTopic[] = [
  {
    id: "coffee",
    hashtag: "coffee",
    alt: "A cup of coffee with latte art on a wooden table",
    lines: {
      en: ["First coffee of the day and my brain is finally booting up.", "Tried a new roaster this week, the Ethiopian beans taste like blueberries."],
      es: ["Primer café del día y por fin mi cerebro empieza a funcionar.", "Probé un tostador nuevo esta semana y el café de Colombia está buenísimo."],
      fr: ["Premier café de la journée, mon cerveau commence enfin à démarrer.", "J'ai testé une nouvelle torréfaction, le café d'Éthiopie a un goût de myrtille."],
      de: ["Erster Kaffee des Tages und mein Gehirn fährt langsam hoch.", "Diese Woche eine neue Rösterei probiert, die Bohnen aus Äthiopien schmecken nach Blaubeeren."],
      ja: ["今日最初のコーヒーを飲んで、やっと頭が動き始めた。", "新しい焙煎所の豆を買ってみたら、ベリーみたいな香りがしてとても美味しい。"],
      pt: ["Primeiro café do dia e finalmente meu cérebro está ligando.", "Experimentei um café novo esta semana e o grão do sul de Minas é maravilhoso."],
    },
  },
  {
    id: "weather",
    hashtag: "weather",
    alt: "Grey clouds over a row of houses after the rain",
    lines: {
      en: ["It has been raining since this morning and the dog refuses to go outside.", "Finally some sunshine after a week of grey skies, going for a long walk."],
      es: ["Lleva lloviendo desde la mañana y el perro se niega a salir a la calle.", "Por fin sale el sol después de una semana gris, me voy a dar un paseo largo."],
      fr: ["Il pleut depuis ce matin et le chien refuse de sortir.", "Enfin un peu de soleil après une semaine grise, je pars me promener longtemps."],
      de: ["Es regnet seit heute Morgen und der Hund weigert sich rauszugehen.", "Endlich Sonne nach einer grauen Woche, ich mache jetzt einen langen Spaziergang."],
      ja: ["朝からずっと雨が降っていて、犬が散歩に行きたがらない。", "一週間ぶりにやっと晴れたので、長めの散歩に出かけよう。"],
      pt: ["Está chovendo desde cedo e o cachorro se recusa a sair de casa.", "Finalmente um pouco de sol depois de uma semana cinzenta, vou dar uma longa caminhada."],
    },
  },
  {
    id: "cooking",
    hashtag: "cooking",
    alt: "A pot of tomato soup with fresh basil on a stove",
    lines: {
      en: ["Made my grandmother's tomato soup tonight and the whole flat smells amazing.", "Learning to bake sourdough is humbling, my third loaf is still as flat as a pancake."],
      es: ["Hoy preparé la sopa de tomate de mi abuela y toda la casa huele de maravilla.", "Aprender a hacer pan de masa madre es duro, mi tercer intento sigue saliendo plano."],
      fr: ["J'ai fait la soupe à la tomate de ma grand-mère ce soir et tout l'appartement sent bon.", "Apprendre à faire du pain au levain rend humble, ma troisième miche est encore toute plate."],
      de: ["Heute Abend die Tomatensuppe meiner Oma gekocht und die ganze Wohnung duftet.", "Sauerteigbrot backen lernen macht demütig, mein dritter Laib ist immer noch flach."],
      ja: ["今夜はおばあちゃんのトマトスープを作って、部屋中がいい匂いになった。", "サワードウのパン作りは難しくて、三回目もまだぺちゃんこになってしまった。"],
      pt: ["Fiz a sopa de tomate da minha avó hoje e a casa inteira está cheirosa.", "Aprender a fazer pão de fermentação natural é difícil, meu terceiro pão ainda saiu achatado."],
    },
  },
  {
    id: "running",
    hashtag: "running",
    alt: "Running shoes on a park path in the early morning",
    lines: {
      en: ["Ran ten kilometres this morning without stopping for the first time ever.", "My knees are complaining but the marathon training plan says one more long run."],
      es: ["Esta mañana corrí diez kilómetros sin parar por primera vez en mi vida.", "Me duelen las rodillas pero el plan de entrenamiento para el maratón dice otra tirada larga."],
      fr: ["Ce matin j'ai couru dix kilomètres sans m'arrêter pour la première fois.", "Mes genoux protestent mais le plan d'entraînement pour le marathon prévoit encore une sortie longue."],
      de: ["Heute Morgen zum ersten Mal zehn Kilometer ohne Pause gelaufen.", "Meine Knie beschweren sich, aber der Marathonplan sagt noch ein langer Lauf."],
      ja: ["今朝、初めて10キロを止まらずに走り切ることができた。", "膝が痛いけど、マラソンの練習計画ではもう一回長距離走がある。"],
      pt: ["Hoje de manhã corri dez quilômetros sem parar pela primeira vez na vida.", "Meus joelhos estão reclamando, mas o plano de treino da maratona pede mais um longão."],
    },
  },
  {
    id: "books",
    hashtag: "books",
    alt: "A stack of paperback novels next to a reading lamp",
    lines: {
      en: ["Finished a novel at two in the morning and now I need someone to talk about that ending.", "The library sale had a whole box of old science fiction paperbacks for a dollar each."],
      es: ["Terminé una novela a las dos de la mañana y necesito hablar con alguien sobre ese final.", "En la feria de la biblioteca había una caja entera de novelas de ciencia ficción antiguas a un euro."],
      fr: ["J'ai fini un roman à deux heures du matin et j'ai besoin de parler de cette fin avec quelqu'un.", "À la vente de la bibliothèque il y avait un carton entier de vieux romans de science-fiction à un euro."],
      de: ["Um zwei Uhr nachts einen Roman beendet und jetzt muss ich mit jemandem über dieses Ende reden.", "Beim Bücherflohmarkt der Bibliothek gab es eine ganze Kiste alter Science-Fiction-Romane für einen Euro."],
      ja: ["夜中の二時に小説を読み終えて、あの結末について誰かと話したくてたまらない。", "図書館の古本市で、古いSF小説の文庫本が一冊百円で箱いっぱい売られていた。"],
      pt: ["Terminei um romance às duas da manhã e preciso conversar com alguém sobre aquele final.", "Na feira da biblioteca tinha uma caixa inteira de livros antigos de ficção científica por um real."],
    },
  },
  {
    id: "music",
    hashtag: "music",
    alt: "A vinyl record spinning on a turntable",
    lines: {
      en: ["This album has been on repeat all week, the second track gives me chills every time.", "Went to a tiny jazz concert last night and the drummer stole the whole show."],
      es: ["Llevo toda la semana escuchando este disco, la segunda canción me pone la piel de gallina.", "Anoche fui a un concierto de jazz pequeñito y el batería se robó todo el espectáculo."],
      fr: ["Cet album tourne en boucle toute la semaine, le deuxième morceau me donne des frissons.", "Hier soir je suis allé à un petit concert de jazz et le batteur a volé la vedette."],
      de: ["Dieses Album läuft die ganze Woche in Dauerschleife, beim zweiten Lied bekomme ich Gänsehaut.", "Gestern Abend in einem kleinen Jazzkonzert gewesen und der Schlagzeuger hat allen die Show gestohlen."],
      ja: ["このアルバムを一週間ずっと聴いている。二曲目は毎回鳥肌が立つ。", "昨夜小さなジャズのライブに行ったら、ドラマーが全部持っていった。"],
      pt: ["Esse álbum está tocando sem parar a semana toda, a segunda faixa me arrepia sempre.", "Ontem fui num show de jazz pequenininho e o baterista roubou a cena."],
    },
  },
];

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
      en: ["Strong earthquake just shook San Aurelio, the whole building swayed for almost a minute.", "USGS says magnitude 6.8 near San Aurelio, power is out across {district}.", "Felt the earthquake in {district}, shelves fell and people are out in the street."],
      es: ["Fuerte sismo en San Aurelio, el edificio se movió casi un minuto entero.", "Reportan magnitud 6.8 cerca de San Aurelio, no hay luz en {district}.", "Se sintió el terremoto en {district}, se cayeron los estantes y la gente está en la calle."],
      pt: ["Terremoto forte agora em San Aurelio, o prédio balançou por quase um minuto.", "Falam em magnitude 6.8 perto de San Aurelio, está sem luz em {district}."],
    },
    camps: [
      {
        id: "praise",
        label: "Response praised",
        stance: "The emergency response was fast and effective",
        sentiment: 0.5,
        lines: {
          en: ["Huge thanks to the rescue teams in {district}, they were here within minutes of the earthquake.", "The early warning worked, my phone buzzed seconds before the shaking in San Aurelio. Proud of our engineers.", "Volunteers are handing out water and blankets in {district}, the response has been amazing."],
          es: ["Gracias a los rescatistas en {district}, llegaron a los pocos minutos del sismo. Son unos héroes.", "La alerta temprana funcionó, el celular sonó segundos antes del terremoto en San Aurelio. Excelente trabajo.", "Los voluntarios reparten agua y mantas en {district}, la respuesta ha sido admirable."],
          pt: ["Obrigado às equipes de resgate em {district}, chegaram poucos minutos depois do terremoto. Heróis.", "O alerta funcionou, o celular tocou segundos antes do tremor em San Aurelio. Ótimo trabalho."],
        },
      },
      {
        id: "criticism",
        label: "Response criticised",
        stance: "The authorities were slow and unprepared",
        sentiment: -0.6,
        lines: {
          en: ["Three hours after the earthquake and still no help in {district}. This is a disgrace.", "No warning at all in San Aurelio, the alert system failed again. Who is responsible for this mess?", "People are sleeping in the street in {district} and officials are giving press conferences. Shameful."],
          es: ["Tres horas después del sismo y todavía no llega ayuda a {district}. Es una vergüenza.", "Ninguna alerta en San Aurelio, el sistema falló otra vez. Un desastre total de las autoridades.", "La gente duerme en la calle en {district} y los políticos dando ruedas de prensa. Indignante."],
          pt: ["Três horas depois do terremoto e nenhuma ajuda em {district}. Uma vergonha.", "Nenhum alerta em San Aurelio, o sistema falhou de novo. Descaso total das autoridades."],
        },
      },
    ],
    firstCampShare: [0.6, 0.35],
    slots: {
      en: { district: ["the old town", "the harbour district", "Villa Norte", "Cerro Azul", "the university area"] },
      es: { district: ["el centro histórico", "el barrio del puerto", "Villa Norte", "Cerro Azul", "la zona universitaria"] },
      pt: { district: ["o centro histórico", "a zona do porto", "Villa Norte", "Cerro Azul"] },
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
      en: ["Lumen just announced the Nova phone: {spec}, shipping next month.", "Watching the Lumen keynote live, the Nova is official with {spec}."],
      ja: ["Lumenが新しいNovaを発表した。{spec}で、来月発売とのこと。", "Lumenの発表会を見ている。Novaは{spec}らしい。"],
      de: ["Lumen hat gerade das Nova vorgestellt: {spec}, Auslieferung ab nächstem Monat.", "Die Lumen-Keynote läuft, das Nova ist offiziell mit {spec}."],
    },
    camps: [
      {
        id: "fans",
        label: "Fans",
        stance: "The Nova is a great phone worth buying",
        sentiment: 0.7,
        lines: {
          en: ["The Lumen Nova camera looks incredible, {spec} is exactly what I wanted. Preordering tonight!", "Two-day battery on the Nova? Lumen finally listened. Love this phone.", "Held the Nova at the store demo, it feels premium and fast. Best launch in years."],
          ja: ["Lumen Novaのカメラが最高すぎる。{spec}は待っていた通り。絶対予約する！", "Novaのバッテリーが二日持つなんて素晴らしい。Lumenありがとう。"],
          de: ["Die Kamera vom Lumen Nova sieht fantastisch aus, {spec} ist genau, was ich wollte. Sofort vorbestellt!", "Zwei Tage Akku beim Nova? Endlich hat Lumen zugehört. Tolles Handy."],
        },
      },
      {
        id: "skeptics",
        label: "Skeptics",
        stance: "The Nova is overpriced and disappointing",
        sentiment: -0.5,
        lines: {
          en: ["The Lumen Nova costs {price} for a phone with no charger in the box? Hard pass.", "Same design as last year, a bigger price tag and {spec} that nobody asked for. Disappointing.", "Reviewers say the Nova overheats while filming. Lumen rushed this one, terrible."],
          ja: ["Lumen Novaが{price}は高すぎる。充電器も付いていないなんてがっかり。", "Novaは去年とほとんど同じデザインなのに値上げ。残念すぎる。"],
          de: ["{price} für das Lumen Nova ohne Ladegerät? Viel zu teuer, nein danke.", "Gleiches Design wie letztes Jahr, höherer Preis. Das Nova ist enttäuschend."],
        },
      },
    ],
    firstCampShare: [0.8, 0.35],
    slots: {
      en: { spec: ["a 200 megapixel camera", "a two-day battery", "a titanium frame", "a 144 Hz display"], price: ["$1,299", "$1,199", "1,299 dollars"] },
      ja: { spec: ["2億画素カメラ", "二日持つバッテリー", "チタンフレーム"], price: ["19万円", "18万9800円"] },
      de: { spec: ["einer 200-Megapixel-Kamera", "zwei Tagen Akkulaufzeit", "einem Titanrahmen"], price: ["1.299 Euro", "1.199 Euro"] },
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
      en: ["Kick-off in the Continental Cup final, Harbor City against Northgate. {moment}", "Half-time in the final: Harbor City 1, Northgate 1. {moment}"],
      es: ["Empieza la final de la Copa Continental, Harbor City contra Northgate. {moment}", "Descanso en la final: Harbor City 1, Northgate 1."],
      pt: ["Começa a final da Copa Continental, Harbor City contra Northgate. {moment}", "Intervalo na final: Harbor City 1, Northgate 1."],
      fr: ["Coup d'envoi de la finale de la Coupe continentale, Harbor City contre Northgate. {moment}", "Mi-temps de la finale : Harbor City 1, Northgate 1."],
    },
    camps: [
      {
        id: "harbor",
        label: "Harbor City supporters",
        stance: "Harbor City deserved to win",
        sentiment: 0.7,
        lines: {
          en: ["CHAMPIONS! Harbor City win the final, what a goal in the {minute}th minute. Best night of my life!", "Harbor City deserved it, we dominated the whole second half. So proud of this team.", "That save from our keeper in the final was brilliant. Harbor City forever!"],
          es: ["¡CAMPEONES! Harbor City gana la final, qué golazo en el minuto {minute}. ¡La mejor noche de mi vida!", "Harbor City mereció ganar, dominamos todo el segundo tiempo. Orgulloso de este equipo."],
          pt: ["CAMPEÕES! Harbor City vence a final, que golaço aos {minute} minutos. Melhor noite da minha vida!", "O Harbor City mereceu, dominamos o segundo tempo inteiro. Que orgulho desse time."],
          fr: ["CHAMPIONS ! Harbor City remporte la finale, quel but à la {minute}e minute. Soirée magnifique !", "Harbor City méritait la victoire, on a dominé toute la seconde période. Fier de cette équipe."],
        },
      },
      {
        id: "northgate",
        label: "Northgate supporters",
        stance: "Northgate were robbed by the referee",
        sentiment: -0.6,
        lines: {
          en: ["That penalty in the {minute}th minute was never a foul. Northgate robbed in the final, the referee should be ashamed.", "Worst refereeing I have ever seen in a final. Northgate fans are furious and they are right.", "Heartbroken. Northgate played their hearts out and lost the final to a terrible decision."],
          es: ["Ese penal del minuto {minute} nunca fue falta. Le robaron la final a Northgate, qué vergüenza de árbitro.", "El peor arbitraje que he visto en una final. Los hinchas de Northgate están furiosos con razón."],
          pt: ["Aquele pênalti aos {minute} minutos nunca existiu. Roubaram a final do Northgate, arbitragem vergonhosa.", "A pior arbitragem que já vi numa final. Torcida do Northgate revoltada e com razão."],
          fr: ["Ce penalty à la {minute}e minute n'a jamais existé. Northgate volé en finale, l'arbitre devrait avoir honte.", "Le pire arbitrage que j'ai vu en finale. Les supporters de Northgate sont furieux, à juste titre."],
        },
      },
    ],
    firstCampShare: [0.5, 0.55],
    slots: {
      en: { moment: ["The stadium is packed.", "Rain is falling on the pitch.", "Both teams look nervous."], minute: ["88", "90", "93", "79"] },
      es: { moment: ["El estadio está lleno.", "Llueve sobre el campo."], minute: ["88", "90", "93", "79"] },
      pt: { moment: ["O estádio está lotado.", "Chove no gramado."], minute: ["88", "90", "93", "79"] },
      fr: { moment: ["Le stade est plein.", "Il pleut sur la pelouse."], minute: ["88", "90", "93", "79"] },
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
      en: ["Parliament is voting on the Digital Repair Act right now, {count} amendments on the table.", "The Digital Repair Act passed with {count} votes in favour."],
      fr: ["Le Parlement vote en ce moment sur la loi sur la réparation numérique, {count} amendements en discussion.", "La loi sur la réparation numérique est adoptée avec {count} voix pour."],
      de: ["Das Parlament stimmt gerade über das Gesetz zur digitalen Reparatur ab, {count} Änderungsanträge liegen vor.", "Das Reparaturgesetz ist mit {count} Stimmen angenommen."],
    },
    camps: [
      {
        id: "support",
        label: "Supporters",
        stance: "The Repair Act protects consumers and the planet",
        sentiment: 0.5,
        lines: {
          en: ["The Digital Repair Act is a huge win for consumers, finally we can fix our own phones and laptops.", "Great news: repair manuals and spare parts for ten years. Less e-waste, lower bills. Well done, parliament!"],
          fr: ["La loi sur la réparation est une grande victoire pour les consommateurs, enfin on pourra réparer nos téléphones.", "Excellente nouvelle : pièces détachées pendant dix ans, moins de déchets électroniques. Bravo !"],
          de: ["Das Reparaturgesetz ist ein großer Erfolg für Verbraucher, endlich dürfen wir unsere Geräte selbst reparieren.", "Tolle Nachricht: Ersatzteile für zehn Jahre und weniger Elektroschrott. Gut gemacht!"],
        },
      },
      {
        id: "oppose",
        label: "Opponents",
        stance: "The Repair Act burdens manufacturers and raises prices",
        sentiment: -0.5,
        lines: {
          en: ["The Digital Repair Act will raise prices for everyone and bury small manufacturers in paperwork. Bad law.", "Forcing spare parts for ten years is unrealistic. This vote will cost jobs, a terrible mistake."],
          fr: ["Cette loi sur la réparation va faire grimper les prix et étouffer les petits fabricants sous la paperasse. Mauvaise loi.", "Imposer des pièces pendant dix ans est irréaliste. Ce vote va coûter des emplois, une grave erreur."],
          de: ["Das Reparaturgesetz wird alles teurer machen und kleine Hersteller mit Bürokratie erdrücken. Schlechtes Gesetz.", "Zehn Jahre Ersatzteilpflicht ist unrealistisch. Diese Abstimmung kostet Arbeitsplätze, ein schwerer Fehler."],
        },
      },
    ],
    firstCampShare: [0.35, 0.7],
    slots: {
      en: { count: ["412", "398", "27", "31"] },
      fr: { count: ["412", "398", "27", "31"] },
      de: { count: ["412", "398", "27", "31"] },
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
